import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { config } from '../config.js';
import type { QueueBody, QueueId } from '../runtime/queues.js';
import { sqsClient } from './clients.js';

/**
 * Sends JSON messages to a declared queue, ten per call; any failed entry fails the whole call.
 * A body is type-checked against the queue's schema (shared/runtime/queues.ts), and the queue must be
 * in the sender's `sendTo` (test/unit/handlers/send-to.test.ts).
 * `delaySeconds` (0–900) keeps them invisible that long.
 */
export async function sendMessages<Q extends QueueId>(queueId: Q, bodies: readonly QueueBody<Q>[], options: { delaySeconds?: number } = {}): Promise<void> {
  const queueUrl = config.queueUrl(queueId);
  const delay = options.delaySeconds ? { DelaySeconds: Math.min(900, Math.max(0, Math.round(options.delaySeconds))) } : {};
  for (let i = 0; i < bodies.length; i += 10) {
    const entries = bodies.slice(i, i + 10).map((body, n) => ({ Id: String(n), MessageBody: JSON.stringify(body), ...delay }));
    const out = await sqsClient().send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
    if (out.Failed?.length) {
      throw new Error(`SQS ${queueId}: ${out.Failed.length} messages not sent (${out.Failed[0]?.Code})`);
    }
  }
}

export async function sendMessage<Q extends QueueId>(queueId: Q, body: QueueBody<Q>): Promise<void> {
  await sendMessages(queueId, [body]);
}
