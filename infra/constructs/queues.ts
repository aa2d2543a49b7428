import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { QueueDecl } from '../../shared/runtime/declarations.js';
import { pascal } from './names.js';

/** Dead letters stay for the SQS maximum so an operator has time to inspect and redrive them. */
export const DLQ_RETENTION = Duration.days(14);
/**
 * A message's expiry counts from its first enqueue, also after it moved to the DLQ. Keeping the
 * source shorter than the DLQ leaves every dead letter at least a week in the DLQ.
 */
export const SOURCE_RETENTION = Duration.days(7);

export interface QueuesProps {
  decls: readonly QueueDecl[];
}

export interface QueuePair {
  queue: sqs.Queue;
  dlq: sqs.Queue;
}

/**
 * Every catalog queue with its DLQ `<id>-dlq`, encrypted with a key of their own: the S3
 * notification grant puts the inbox bucket's ARN into the queue key's policy, so sharing the
 * buckets' key would make key → bucket → key a dependency cycle.
 */
export class Queues extends Construct {
  readonly key: kms.Key;
  readonly queues: Record<string, QueuePair>;
  private readonly decls: Record<string, QueueDecl> = {};

  constructor(scope: Construct, id: string, props: QueuesProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.key = new kms.Key(this, 'MessagesKey', {
      description: 'omsflow: encrypts the messages of the ingest queues',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.queues = {};
    for (const decl of props.decls) {
      // Names are fixed so the DLQ's redrive allow policy can name its source by ARN: a reference
      // to the source queue's attribute would form a cycle (the source names the DLQ too).
      const queueName = `${stack.stackName}-${decl.id}`;
      const sourceArn = stack.formatArn({ service: 'sqs', resource: queueName });
      const dlq = new sqs.Queue(this, `${pascal(decl.id)}Dlq`, {
        queueName: `${queueName}-dlq`,
        encryption: sqs.QueueEncryption.KMS,
        encryptionMasterKey: this.key,
        enforceSSL: true,
        retentionPeriod: DLQ_RETENTION,
        // Only its own source may use it as a DLQ; StartMessageMoveTask redrives back to it.
        redriveAllowPolicy: {
          redrivePermission: sqs.RedrivePermission.BY_QUEUE,
          sourceQueues: [sqs.Queue.fromQueueArn(this, `${pascal(decl.id)}SourceRef`, sourceArn)],
        },
      });
      const queue = new sqs.Queue(this, pascal(decl.id), {
        queueName,
        encryption: sqs.QueueEncryption.KMS,
        encryptionMasterKey: this.key,
        enforceSSL: true,
        visibilityTimeout: Duration.seconds(decl.visibilityTimeoutSeconds),
        retentionPeriod: SOURCE_RETENTION,
        deadLetterQueue: { queue: dlq, maxReceiveCount: decl.maxReceiveCount },
      });
      this.queues[decl.id] = { queue, dlq };
      this.decls[decl.id] = decl;
    }
  }

  /** The queue named in the catalog; a typo in a FunctionDecl fails synthesis with its name. */
  get(queueId: string): sqs.Queue {
    this.decl(queueId);
    return this.queues[queueId]!.queue;
  }

  decl(queueId: string): QueueDecl {
    const decl = this.decls[queueId];
    if (!decl) throw new Error(`Queue "${queueId}" is not declared in QUEUES (functions/catalog.ts)`);
    return decl;
  }
}
