import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { S3Event } from 'aws-lambda';
import type S3rver from 's3rver';
import type { S3rverEvent } from 's3rver';
import { nextSequencer, s3Notification, type S3ObjectCreated } from './events.js';

/**
 * Stands in for the S3 bucket notification → SQS: every object created in s3rver becomes the
 * notification body AWS would send, delivered to each queue whose trigger prefixes match. One
 * delivery chain per bucket keeps per-bucket order; errors are logged and never crash the process.
 */

export interface S3NotificationRoute {
  bucketName: string;
  /** Key prefixes; empty = every key. */
  prefixes: string[];
  queueUrl: string;
  configurationId: string;
}

/** s3rver's names → AWS's. s3rver reports multipart completion as `Post` (browser-form POSTs are unused here). */
const EVENT_NAMES: Record<string, S3ObjectCreated['eventName']> = {
  'ObjectCreated:Put': 'ObjectCreated:Put',
  'ObjectCreated:Post': 'ObjectCreated:CompleteMultipartUpload',
  'ObjectCreated:Copy': 'ObjectCreated:Copy',
};

type RawEvent = S3rverEvent;

export class S3Notifier {
  private readonly chains = new Map<string, Promise<void>>();
  /** The last notification per queue and object: what a redelivery by S3 would carry again. */
  private readonly sent = new Map<string, S3Event>();
  private pendingCount = 0;
  private readonly listener = (event: unknown) => this.onEvent(event as RawEvent);

  constructor(
    private readonly opts: {
      s3rver: S3rver;
      s3: S3Client;
      sqs: SQSClient;
      routes: S3NotificationRoute[];
      log: (msg: string) => void;
    },
  ) {}

  /** Events received and not yet delivered. */
  get pending(): number {
    return this.pendingCount;
  }

  start(): void {
    this.opts.s3rver.on('event', this.listener);
  }

  /** The notification last sent to `queueUrl` for `bucket/key` (tests redeliver it as S3 may). */
  lastSent(queueUrl: string, bucket: string, key: string): S3Event | undefined {
    return this.sent.get(`${queueUrl} ${bucket}/${key}`);
  }

  async stop(): Promise<void> {
    this.opts.s3rver.off('event', this.listener);
    await Promise.allSettled([...this.chains.values()]);
  }

  private onEvent(event: RawEvent): void {
    const record = (event as { Records?: RawEvent['Records'] }).Records?.[0];
    if (!record) return;
    const eventName = EVENT_NAMES[record.eventName];
    if (!eventName) return; // removals: no trigger listens to them
    const bucket = record.s3.bucket.name;
    const routes = this.opts.routes.filter(
      (r) => r.bucketName === bucket && (r.prefixes.length === 0 || r.prefixes.some((p) => record.s3.object.key.startsWith(p))),
    );
    if (!routes.length) return;
    this.pendingCount++;
    const previous = this.chains.get(bucket) ?? Promise.resolve();
    const next = previous
      .then(() => this.deliver(bucket, record, eventName, routes))
      .catch((error: unknown) => this.opts.log(`s3 notification for ${bucket} failed: ${(error as Error).message}`))
      .finally(() => {
        this.pendingCount--;
      });
    this.chains.set(bucket, next);
  }

  private async deliver(bucket: string, record: RawEvent['Records'][number], eventName: S3ObjectCreated['eventName'], routes: S3NotificationRoute[]) {
    const key = record.s3.object.key;
    let { size, eTag } = record.s3.object;
    if (size === undefined || eTag === undefined) {
      // s3rver omits the ETag of copies; S3 always sends it.
      const head = await this.opts.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      size ??= head.ContentLength ?? 0;
      eTag ??= head.ETag ?? '';
    }
    const parsed = new Date(record.eventTime);
    const time = Number.isNaN(parsed.getTime()) ? new Date() : parsed;
    // One write, one sequencer, whichever queues hear of it. s3rver keeps no versions, so the
    // sequencer is what tells a second upload of the same bytes under the same key from this one.
    const sequencer = nextSequencer(time.getTime());
    for (const route of routes) {
      const body = s3Notification({
        bucket,
        key,
        size,
        eTag,
        eventName,
        time,
        sequencer,
        sourceIp: record.requestParameters.sourceIPAddress,
        configurationId: route.configurationId,
      });
      await this.opts.sqs.send(new SendMessageCommand({ QueueUrl: route.queueUrl, MessageBody: JSON.stringify(body) }));
      this.sent.set(`${route.queueUrl} ${bucket}/${key}`, body);
    }
  }
}
