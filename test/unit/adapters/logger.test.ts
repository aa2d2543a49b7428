import type { Context, SQSEvent } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { logger } from '../../../shared/adapters/lambda/logger.js';
import { sqsBatchHandler } from '../../../shared/adapters/lambda/sqs-batch.js';

const contextOf = (functionName: string) =>
  ({ functionName, functionVersion: '$LATEST', invokedFunctionArn: `arn:aws:lambda:eu-central-1:000000000000:function:${functionName}`, memoryLimitInMB: '512', awsRequestId: `${functionName}-request`, getRemainingTimeInMillis: () => 60_000 }) as unknown as Context;

const eventOf = (body: unknown): SQSEvent => ({
  Records: [
    {
      messageId: 'm1',
      receiptHandle: 'h',
      body: JSON.stringify(body),
      attributes: { ApproximateReceiveCount: '1', SentTimestamp: '1', SenderId: 's', ApproximateFirstReceiveTimestamp: '1' },
      messageAttributes: {},
      md5OfBody: 'x',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:eu-central-1:000000000000:q',
      awsRegion: 'eu-central-1',
    },
  ],
});

/** JSON log lines written while `run` runs (Powertools writes warnings to stderr, info to stdout). */
async function logLines(run: () => Promise<unknown>): Promise<Array<Record<string, unknown>>> {
  const written: string[] = [];
  const capture = (chunk: unknown) => (written.push(String(chunk)), true);
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  await run();
  vi.restoreAllMocks();
  return written.flatMap((w) => w.split('\n')).filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
}

afterEach(() => vi.restoreAllMocks());

describe('the logger of handlers sharing one process (the local runtime)', () => {
  it('stamps each line with its own function and keys while two handlers run interleaved', async () => {
    let releaseFirst!: () => void;
    const firstWaits = new Promise<void>((r) => (releaseFirst = r));
    // Any declared queue will do: its `reason` names the step, and the `load` step waits.
    const handler = sqsBatchHandler('groups-recompute', async (body) => {
      logger.appendKeys({ fileId: `file-of-${body.reason}` });
      if (body.reason === 'load') await firstWaits;
      logger.warn('step done', { step: body.reason });
    });

    const lines = await logLines(async () => {
      const chunkLoad = handler(eventOf({ region: '39', reason: 'load' }), contextOf('omsflow-ingest-load-chunk'));
      await new Promise((r) => setTimeout(r, 10));
      // Another function starts meanwhile and sets its own context before the first one logs.
      await handler(eventOf({ region: '39', reason: 'api' }), contextOf('omsflow-api'));
      releaseFirst();
      await chunkLoad;
    });

    const steps = lines.filter((l) => l.message === 'step done').map((l) => [l.step, l.function_name, l.fileId, l.function_request_id]);
    expect(steps).toEqual([
      ['api', 'omsflow-api', 'file-of-api', 'omsflow-api-request'],
      ['load', 'omsflow-ingest-load-chunk', 'file-of-load', 'omsflow-ingest-load-chunk-request'],
    ]);
  });
});
