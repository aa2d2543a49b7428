import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { config } from '../config.js';
import { sqsClient } from './clients.js';

/**
 * Sends JSON messages to a declared queue, ten per call; any failed entry fails the whole call.
 * `delaySeconds` (0–900) keeps them invisible that long.
 */
export async function sendMessages(queueId: string, bodies: unknown[], options: { delaySeconds?: number } = {}): Promise<void> {
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

export async function sendMessage(queueId: string, body: unknown): Promise<void> {
  await sendMessages(queueId, [body]);
}
