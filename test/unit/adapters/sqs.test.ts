import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { sqsEvent } from '../../../infra/local/events.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { sqsBatchHandler } from '../../../shared/adapters/lambda/sqs-batch.js';
import { sendMessage, sendMessages } from '../../../shared/adapters/sqs.js';
import type { WholeFileQueue } from '../../../shared/ingest/inbox.js';

Object.assign(process.env, { OMS_QUEUE_URL_INGEST_LOAD: 'q-load' });
const sqs = mockClient(SQSClient);
const context = { functionName: 'ingest-load-chunk', awsRequestId: 'r', getRemainingTimeInMillis: () => 60_000 } as unknown as Context;

const eventOf = (...bodies: unknown[]): SQSEvent =>
  sqsEvent('ingest-load', bodies.map((body, n) => ({ MessageId: `m${n}`, ReceiptHandle: 'h', Body: JSON.stringify(body) })));

/**
 * Never run: `npm test` type-checks this file first, and each `@ts-expect-error` fails the build
 * if the line below it ever compiles, i.e. if a queue stops checking what is sent to it.
 */
export function wrongBodiesDoNotCompile(queue: WholeFileQueue): void {
  // @ts-expect-error ingest-load needs the chunk number
  void sendMessages('ingest-load', [{ fileId: 'f' }]);
  // @ts-expect-error groups-recompute needs a reason
  void sendMessage('groups-recompute', { region: '39' });
  // @ts-expect-error a chunk range is not a finalize message's region
  void sendMessage('obligations-plan', { fileId: 'f', chunk: 0, start: 0, end: 1 });
  // @ts-expect-error an undeclared queue
  void sendMessages('ingest-unknown', []);
  // @ts-expect-error one of several queues: the body must fit all of them, and a recompute fits informing-results only
  void sendMessage(queue, { recompute: { campaignId: 'c', region: '39', batch: '12', smo: '39001' } });
  void sendMessage(queue, { fileId: 'f' });
}

describe('typed queues (shared/runtime/queues.ts)', () => {
  beforeEach(() => {
    sqs.reset();
    sqs.on(SendMessageBatchCommand).resolves({});
  });

  it('send JSON bodies to the queue URL of the function’s environment, ten per call', async () => {
    await sendMessages('ingest-load', Array.from({ length: 12 }, (_, chunk) => ({ fileId: 'f', chunk })));
    const calls = sqs.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input);
    expect(calls.map((c) => [c.QueueUrl, c.Entries?.length])).toEqual([['q-load', 10], ['q-load', 2]]);
    expect(JSON.parse(calls[1]!.Entries![1]!.MessageBody!)).toEqual({ fileId: 'f', chunk: 11 });
  });

  it('a consumer parses with its queue’s schema: a body of another shape fails alone, the others are processed', async () => {
    const seen: number[] = [];
    const handler = sqsBatchHandler('ingest-load', async (message) => void seen.push(message.chunk));
    const result = await handler(eventOf({ fileId: 'f', chunk: 1 }, { fileId: 'f' }, { fileId: 'f', chunk: 2 }), context);
    expect(seen).toEqual([1, 2]);
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
  });
});
