import { RemovalPolicy } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { SECRETS, type SecretId } from '../../shared/runtime/declarations.js';
import { pascal } from './names.js';

/**
 * Secrets generated at deployment, encrypted with their own key; a function reads one only when
 * its declaration names it (FunctionDecl.access.secrets).
 */
export class Secrets extends Construct {
  readonly key: kms.Key;
  readonly secrets: Record<SecretId, secretsmanager.Secret>;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.key = new kms.Key(this, 'SecretsKey', {
      description: 'omsflow: encrypts generated secrets',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.secrets = Object.fromEntries(
      SECRETS.map((secretId) => {
        const secret = new secretsmanager.Secret(this, pascal(secretId), {
          description: `omsflow ${secretId}: seals the API's page cursors (AES-256-GCM, key derived from this value)`,
          encryptionKey: this.key,
          generateSecretString: { passwordLength: 64, excludePunctuation: true },
          removalPolicy: RemovalPolicy.RETAIN,
        });
        NagSuppressions.addResourceSuppressions(secret, [
          {
            id: 'AwsSolutions-SMG4',
            reason:
              'Seals page cursors that live 24 h; replacing the value only invalidates cursors in flight ' +
              '(clients start again from the first page), so it is replaced by redeploying, not by a rotation Lambda.',
          },
        ]);
        return [secretId, secret];
      }),
    ) as Record<SecretId, secretsmanager.Secret>;
  }

  /** Read of one secret and decryption with its key, nothing else. */
  grantRead(secretId: SecretId, grantee: iam.IGrantable): void {
    this.secrets[secretId].grantRead(grantee);
  }
}
