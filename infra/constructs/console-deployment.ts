import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import type { ConsoleConfig } from '../../shared/runtime/console-config.js';

export interface ConsoleDeploymentProps {
  bucket: s3.IBucket;
  distribution: cloudfront.IDistribution;
  /** The built console (`npm run web:build` → web/dist). */
  distDir: string;
  /** Written next to it as /console-config.json: the issuer and client id from CDK context. */
  config: ConsoleConfig;
  logRetention: logs.RetentionDays;
}

/** Uploads the built console and its config at deploy, then invalidates the distribution's cache. */
export class ConsoleDeployment extends Construct {
  readonly deployment: s3deploy.BucketDeployment;

  constructor(scope: Construct, id: string, props: ConsoleDeploymentProps) {
    super(scope, id);
    const built = existsSync(join(props.distDir, 'index.html'));
    if (!built && Stack.of(this).bundlingRequired) {
      throw new Error(`The web console is not built (${props.distDir} has no index.html): run \`npm run web:build\` before \`cdk deploy\`.`);
    }
    // Template tests skip bundling and need no build: then only the config is deployed.
    const files = built ? [s3deploy.Source.asset(props.distDir)] : [];
    this.deployment = new s3deploy.BucketDeployment(this, 'Files', {
      destinationBucket: props.bucket,
      sources: [...files, s3deploy.Source.jsonData('console-config.json', props.config)],
      // Old hashed assets stay: a tab opened before the deploy still loads its lazy chunks.
      prune: false,
      // index.html and the config must change at once; hashed assets revalidate cheaply (ETag).
      cacheControl: [s3deploy.CacheControl.noCache()],
      distribution: props.distribution,
      distributionPaths: ['/*'],
      logGroup: new logs.LogGroup(this, 'Logs', { retention: props.logRetention, removalPolicy: RemovalPolicy.DESTROY }),
    });

    // The deployment's handler is a CDK-provided singleton Lambda at the stack's root.
    NagSuppressions.addResourceSuppressionsByPath(
      Stack.of(this),
      `/${Stack.of(this).node.path}/Custom::CDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C`,
      [
        { id: 'AwsSolutions-IAM4', reason: 'CDK-managed handler of BucketDeployment; its role uses AWSLambdaBasicExecutionRole and cannot be replaced.', appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'] },
        { id: 'AwsSolutions-IAM5', reason: 'CDK-generated grants of BucketDeployment: read of its asset objects and write of any key in the console bucket (the file names are the build\'s), invalidation of this distribution.' },
        { id: 'AwsSolutions-L1', reason: 'The runtime of the CDK-provided BucketDeployment handler is set by aws-cdk-lib.' },
      ],
      true,
    );
  }
}
