import { RemovalPolicy } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { TOPICS, type TopicId } from '../../shared/runtime/declarations.js';
import { pascal } from './names.js';

/**
 * Notification topics: e-mail/SMS subscribers of the responsible organizations subscribe with a
 * filter on the `to` attribute. Encrypted with their own key, TLS-only.
 */
export class Topics extends Construct {
  readonly key: kms.Key;
  readonly topics: Record<TopicId, sns.Topic>;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.key = new kms.Key(this, 'TopicsKey', {
      description: 'omsflow: encrypts notification topics',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.topics = Object.fromEntries(
      TOPICS.map((topicId) => [topicId, new sns.Topic(this, pascal(topicId), { masterKey: this.key, enforceSSL: true, displayName: `omsflow ${topicId}` })]),
    ) as Record<TopicId, sns.Topic>;
  }

  /** Publish on one topic, and use of its key for it. */
  grantPublish(topicId: TopicId, grantee: iam.IGrantable): void {
    this.topics[topicId].grantPublish(grantee);
    this.key.grant(grantee, 'kms:Decrypt', 'kms:GenerateDataKey*');
  }
}
