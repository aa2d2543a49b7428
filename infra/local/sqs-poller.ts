import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { sqsEvent } from './events.js';
import type { Invoker } from './invoker.js';

/**
 * The Lambda SQS event source mapping with ReportBatchItemFailures: receive a batch, invoke the
 * function, delete what succeeded. Failed messages (listed in `batchItemFailures`, or the whole
 * batch when the handler throws) are made visible again after `retryDelaySeconds` — the local
 * stand-in for the queue's visibility timeout, so retries come in seconds, not the 30–90 min of
 * AWS. The move to the DLQ after maxReceiveCount is done by fauxqs from the RedrivePolicy.
 *
 * While the handler runs, its messages stay invisible for the function's timeout, so a slow local
 * handler is never handed the same message twice.
 */

export interface SqsPollerOptions {
  sqs: SQSClient;
  invoker: Invoker;
  functionId: string;
  queueId: string;
  queueUrl: string;
  batchSize: number;
  retryDelaySeconds: number;
  /** Long-poll wait; short so that stop() is quick. */
  waitTimeSeconds: number;
  /** Pause after a receive error. */
  pollIntervalMs: number;
  log: (msg: string) => void;
}

export class SqsPoller {
  private stopped = false;
  private readonly abort = new AbortController();
  private loop?: Promise<void>;
  private readonly batches = new Set<Promise<void>>();

  constructor(private readonly o: SqsPollerOptions) {}

  /** Batches received and not yet settled (invoked, deleted or released). */
  get busy(): number {
    return this.batches.size;
  }

  start(): void {
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    await this.loop;
    await Promise.allSettled([...this.batches]);
  }

  private async run(): Promise<void> {
    const { o } = this;
    const timeoutSeconds = o.invoker.decl(o.functionId).timeoutSeconds;
    while (!this.stopped) {
      const slot = await o.invoker.acquire(o.functionId);
      if (this.stopped) {
        slot();
        break;
      }
      let messages: Message[] = [];
      try {
        const out = await o.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: o.queueUrl,
            MaxNumberOfMessages: Math.min(o.batchSize, 10),
            WaitTimeSeconds: o.waitTimeSeconds,
            VisibilityTimeout: Math.min(timeoutSeconds + 30, 43200),
            MessageSystemAttributeNames: ['All'],
            MessageAttributeNames: ['All'],
          }),
          { abortSignal: this.abort.signal },
        );
        messages = out.Messages ?? [];
      } catch (error) {
        slot();
        if (this.stopped) break;
        o.log(`poller ${o.queueId} → ${o.functionId}: receive failed: ${(error as Error).message}`);
        await sleep(o.pollIntervalMs);
        continue;
      }
      if (!messages.length) {
        slot();
        if (o.waitTimeSeconds === 0) await sleep(o.pollIntervalMs);
        continue;
      }
      const batch = this.process(messages, slot).finally(() => this.batches.delete(batch));
      this.batches.add(batch);
    }
  }

  private async process(messages: Message[], slot: () => void): Promise<void> {
    const { o } = this;
    let failed: Set<string>;
    try {
      const result = await o.invoker.invoke(o.functionId, sqsEvent(o.queueId, messages), slot);
      failed = failedIds(result, messages);
    } catch (error) {
      o.log(`${o.functionId} failed on a batch of ${messages.length} from ${o.queueId}: ${(error as Error).message}`);
      failed = new Set(messages.map((m) => m.MessageId!));
    }
    const done = messages.filter((m) => !failed.has(m.MessageId!));
    const retry = messages.filter((m) => failed.has(m.MessageId!));
    try {
      if (done.length) {
        await o.sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: o.queueUrl,
            Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
          }),
        );
      }
      if (retry.length) {
        await o.sqs.send(
          new ChangeMessageVisibilityBatchCommand({
            QueueUrl: o.queueUrl,
            Entries: retry.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle!, VisibilityTimeout: o.retryDelaySeconds })),
          }),
        );
      }
    } catch (error) {
      o.log(`poller ${o.queueId}: settling a batch failed: ${(error as Error).message}`);
    }
  }
}

/**
 * Partial batch response semantics of Lambda: ids listed in `batchItemFailures` fail; an entry
 * with an empty or unknown id fails the whole batch.
 */
export function failedIds(result: unknown, messages: Message[]): Set<string> {
  const all = new Set(messages.map((m) => m.MessageId!));
  const failures = (result as { batchItemFailures?: unknown } | null | undefined)?.batchItemFailures;
  if (!Array.isArray(failures)) return new Set();
  const failed = new Set<string>();
  for (const f of failures) {
    const id = (f as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof id !== 'string' || !all.has(id)) return all;
    failed.add(id);
  }
  return failed;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
