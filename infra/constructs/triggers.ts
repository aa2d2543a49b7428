import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import type { BucketId, FunctionDecl, Trigger } from '../../shared/runtime/declarations.js';
import type { OmsFunction } from './functions.js';
import { pascal } from './names.js';
import type { Queues } from './queues.js';

/** A missed scheduled run is retried, then parked; the next run (minutes later) supersedes it. */
export const SCHEDULE_RETRY_ATTEMPTS = 2;
export const SCHEDULE_MAX_EVENT_AGE = Duration.hours(1);

export interface TriggersProps {
  decls: readonly FunctionDecl[];
  functions: Record<string, OmsFunction>;
  buckets: Record<BucketId, s3.Bucket>;
  queues: Queues;
}

/** Wires the s3, sqs and schedule triggers of the catalog (http triggers: see Api). */
export class Triggers extends Construct {
  /** The EventBridge rule and its target DLQ per schedule trigger id. */
  readonly schedules: Record<string, { rule: events.Rule; dlq: sqs.Queue }> = {};

  constructor(scope: Construct, id: string, props: TriggersProps) {
    super(scope, id);
    for (const decl of props.decls) {
      const fn = props.functions[decl.id];
      if (!fn) throw new Error(`Function "${decl.id}" was not created`);
      for (const trigger of decl.triggers) this.wire(decl, fn, trigger, props);
    }
  }

  private wire(decl: FunctionDecl, fn: OmsFunction, trigger: Trigger, props: TriggersProps): void {
    switch (trigger.kind) {
      case 's3': {
        const bucket = props.buckets[trigger.bucket];
        const destination = new s3n.SqsDestination(props.queues.get(trigger.queue));
        // S3 allows several configurations for one event type only if their prefixes do not
        // overlap; one per prefix, or one for the whole bucket when no prefix is given.
        if (trigger.prefixes.length === 0) bucket.addEventNotification(s3.EventType.OBJECT_CREATED, destination);
        for (const prefix of trigger.prefixes) {
          bucket.addEventNotification(s3.EventType.OBJECT_CREATED, destination, { prefix });
        }
        this.consume(decl, fn, trigger.queue, trigger.batchSize, props.queues);
        return;
      }
      case 'sqs':
        this.consume(decl, fn, trigger.queue, trigger.batchSize, props.queues);
        return;
      case 'schedule': {
        const dlq = new sqs.Queue(this, `${pascal(trigger.id)}Dlq`, {
          // EventBridge needs no key policy for SSE-SQS; the events carry no personal data.
          encryption: sqs.QueueEncryption.SQS_MANAGED,
          enforceSSL: true,
          retentionPeriod: Duration.days(14),
        });
        NagSuppressions.addResourceSuppressions(dlq, [
          {
            id: 'AwsSolutions-SQS3',
            reason: 'This queue is itself the dead-letter queue of an EventBridge target; nothing consumes it.',
          },
        ]);
        const rule = new events.Rule(this, pascal(trigger.id), {
          description: `${trigger.id}: ${trigger.description}`,
          schedule: events.Schedule.expression(trigger.cron),
          targets: [
            new targets.LambdaFunction(fn.fn, {
              deadLetterQueue: dlq,
              retryAttempts: SCHEDULE_RETRY_ATTEMPTS,
              maxEventAge: SCHEDULE_MAX_EVENT_AGE,
            }),
          ],
        });
        this.schedules[trigger.id] = { rule, dlq };
        return;
      }
      case 'http':
        return; // the Api construct owns the routes
    }
  }

  private consume(decl: FunctionDecl, fn: OmsFunction, queueId: string, batchSize: number | undefined, queues: Queues): void {
    const queueDecl = queues.decl(queueId);
    // Lambda refuses an event source whose queue hides messages for less than the function runs.
    if (queueDecl.visibilityTimeoutSeconds < decl.timeoutSeconds) {
      throw new Error(
        `Queue "${queueId}" visibility timeout ${queueDecl.visibilityTimeoutSeconds}s is shorter than ` +
          `function "${decl.id}" timeout ${decl.timeoutSeconds}s`,
      );
    }
    // Without reportBatchItemFailures a partial batch response is ignored and the whole batch retried.
    fn.fn.addEventSource(new SqsEventSource(queues.get(queueId), { batchSize, reportBatchItemFailures: true }));
  }
}
