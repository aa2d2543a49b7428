import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { parser } from '@aws-lambda-powertools/batch/parser';
import type { ParsedRecord } from '@aws-lambda-powertools/batch/types';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { logger, withOwnLogger } from './logger.js';
import type { Attempt } from '../../ingest/poison.js';
import { MAX_RECEIVES } from '../../runtime/declarations.js';
import { queueSchema, type QueueId, type QueueMessage } from '../../runtime/queues.js';

/**
 * The consumer of `queue`: each record's JSON body is validated with the queue's schema
 * (shared/runtime/queues.ts) and processed alone, so one bad or failing record is reported in
 * `batchItemFailures` (retried, then DLQ) without failing the others.
 */
export function sqsBatchHandler<Q extends QueueId>(
  queue: Q,
  processRecord: (body: QueueMessage<Q>, record: SQSRecord, context: Context) => Promise<unknown>,
) {
  const processor = new BatchProcessor(EventType.SQS, { parser, innerSchema: queueSchema(queue), transformer: 'json', logger });
  const handler = middy(async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> =>
    processPartialResponse(
      event,
      async (record: ParsedRecord<SQSRecord, QueueMessage<Q>>) => {
        await processRecord(record.body as QueueMessage<Q>, record as unknown as SQSRecord, context);
      },
      processor,
      { context },
    ),
  ).use(injectLambdaContext(logger, { resetKeys: true }));
  return withOwnLogger((event: SQSEvent, context: Context) => handler(event, context));
}

/** Which receive of its message `record` is, against the queues' maxReceiveCount (declarations.ts). */
export function attemptOf(record: SQSRecord): Attempt {
  return { receiveCount: Number(record.attributes?.ApproximateReceiveCount ?? '1') || 1, maxReceives: MAX_RECEIVES };
}
