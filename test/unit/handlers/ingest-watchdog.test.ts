import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../../functions/ingest/watchdog.js';
import { withHeartbeat } from '../../../shared/services/ingest/heartbeat.js';
import { redriveStuckFiles } from '../../../shared/services/ingest/watchdog.js';

Object.assign(process.env, {
  OMS_MAIN_TABLE: 'main',
  OMS_QUEUE_URL_INGEST_CHUNKS: 'q-chunks',
  OMS_QUEUE_URL_INGEST_FINALIZE: 'q-finalize',
  OMS_QUEUE_URL_INGEST_LOAD: 'q-load',
  OMS_OUTBOX_BUCKET: 'outbox',
  AWS_REGION: 'eu-central-1',
});
const s3 = mockClient(S3Client);
const docs = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);
const context = { functionName: 'ingest-watchdog', awsRequestId: 'r', getRemainingTimeInMillis: () => 60_000 } as unknown as Context;

const NOW = '2026-11-22T12:00:00Z';
const file = (fileId: string, phase: string, updatedAt: string, extra: Record<string, unknown> = {}) => ({
  pk: `FILE#${fileId}`,
  sk: 'META',
  fileId,
  phase,
  updatedAt,
  format: 'csv',
  size: 3000,
  chunkBytes: 1000,
  chunkCount: 3,
  ...extra,
});

const scheduled = {
  version: '0',
  id: 'e',
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: '000000000000',
  time: NOW,
  region: 'eu-central-1',
  resources: ['arn:aws:events:eu-central-1:000000000000:rule/ingest-watchdog'],
  detail: {},
};

describe('ingest-watchdog handler', () => {
  beforeEach(() => {
    docs.reset();
    sqs.reset();
    s3.reset();
    s3.on(PutObjectCommand).resolves({});
    sqs.on(SendMessageBatchCommand).resolves({});
    docs.on(QueryCommand).resolves({ Items: [] });
    docs.on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'FILES#77', ':since': '2026-11-19T12:00:00.000Z' } }).resolves({
      Items: [
        // Silent for 3.5 min: past the 3-minute stale mark (three missed heartbeats).
        file('stuck-validating', 'VALIDATING', '2026-11-22T11:56:30Z', { validatedChunks: new Set([0]) }),
        file('stuck-loading', 'LOADING', '2026-11-22T10:00:00Z', { loadedChunks: new Set([0, 1, 2]) }),
        // Beat 2 min ago: a slow but live worker, left alone.
        file('busy', 'VALIDATING', '2026-11-22T11:58:00Z'),
        file('done', 'DONE', '2026-11-20T10:00:00Z'),
      ],
    });
  });

  it('re-sends only what stale files miss, and leaves live and finished files alone', async () => {
    const result = await handler(scheduled as never, context);
    expect(result).toMatchObject({ redriven: 2 });
    const sent = sqs.commandCalls(SendMessageBatchCommand).map((c) => ({
      queue: c.args[0].input.QueueUrl,
      bodies: c.args[0].input.Entries!.map((e) => JSON.parse(e.MessageBody!)),
    }));
    expect(sent).toEqual([
      {
        queue: 'q-chunks',
        bodies: [
          { fileId: 'stuck-validating', chunk: 1, start: 1000, end: 2000 },
          { fileId: 'stuck-validating', chunk: 2, start: 2000, end: 3000 },
        ],
      },
      // Every chunk loaded but the phase never moved: one chunk is loaded again to complete it.
      { queue: 'q-load', bodies: [{ fileId: 'stuck-loading', chunk: 0 }] },
    ]);
  });

  it('hands stuck whole-file kinds (MO returns, SMO results, hospitalization days) back to their own workers, not to the chunk pipeline', async () => {
    process.env.OMS_QUEUE_URL_ABONENT_RETURNS = 'q-returns';
    process.env.OMS_QUEUE_URL_INFORMING_RESULTS = 'q-results';
    process.env.OMS_QUEUE_URL_HOSPITALIZATION_FILES = 'q-hosp';
    docs.on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'FILES#41', ':since': '2026-11-19T12:00:00.000Z' } }).resolves({
      Items: [
        file('stuck-return', 'VALIDATING', '2026-11-22T11:00:00Z', { kind: 'abonent', chunkCount: 1 }),
        file('stuck-results', 'VALIDATING', '2026-11-22T11:00:00Z', { kind: 'informing', chunkCount: 1 }),
        file('stuck-day', 'VALIDATING', '2026-11-22T11:00:00Z', { kind: 'hospitalization', chunkCount: 1 }),
        file('received-return', 'RECEIVED', '2026-11-22T11:00:00Z', { kind: 'abonent' }),
      ],
    });
    const result = await handler(scheduled as never, context);
    expect(result).toMatchObject({ redriven: 5 });
    const sent = sqs.commandCalls(SendMessageBatchCommand).map((c) => [c.args[0].input.QueueUrl, c.args[0].input.Entries!.map((e) => JSON.parse(e.MessageBody!))]);
    expect(sent).toContainEqual(['q-returns', [{ fileId: 'stuck-return' }]]);
    expect(sent).toContainEqual(['q-results', [{ fileId: 'stuck-results' }]]);
    expect(sent).toContainEqual(['q-hosp', [{ fileId: 'stuck-day' }]]);
    const whole = ['stuck-return', 'stuck-results', 'stuck-day', 'received-return'];
    expect(sent.filter(([, bodies]) => (bodies as Array<{ fileId: string }>).some((b) => whole.includes(b.fileId)))).toHaveLength(3);
  });

  it('counts its re-sends, and rejects a file re-sent MAX_REDRIVES times with a protocol instead of re-sending it again', async () => {
    docs.on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'FILES#77', ':since': '2026-11-19T12:00:00.000Z' } }).resolves({
      Items: [
        file('young', 'VALIDATING', '2026-11-22T11:00:00Z', { kind: 'insured', redrives: 1, validatedChunks: new Set([0, 1]) }),
        file('hopeless', 'VALIDATING', '2026-11-22T11:00:00Z', { kind: 'insured', redrives: 3, sender: '77', prefix: '77/insured', name: 'h.csv', key: '77/insured/h.csv', receivedAt: '2026-11-22T08:00:00Z' }),
        file('rejected', 'DONE', '2026-11-22T08:00:00Z', { kind: 'insured', status: 'REJECTED', redrives: 3 }),
      ],
    });
    const result = await handler(scheduled as never, context);
    expect(result).toMatchObject({ redriven: 1, rejected: 1 });
    const sent = sqs.commandCalls(SendMessageBatchCommand).flatMap((c) => c.args[0].input.Entries!.map((e) => JSON.parse(e.MessageBody!).fileId));
    expect(sent).toEqual(['young']);
    const updates = docs.commandCalls(UpdateCommand).map((c) => ({ key: c.args[0].input.Key!.pk, values: Object.values(c.args[0].input.ExpressionAttributeValues!) }));
    expect(updates).toContainEqual({ key: 'FILE#young', values: expect.arrayContaining([2]) });
    expect(updates).toContainEqual({ key: 'FILE#hopeless', values: expect.arrayContaining(['DONE', 'REJECTED']) });
    const protocol = s3.commandCalls(PutObjectCommand).find((c) => c.args[0].input.Key!.endsWith('.flk.csv'))!;
    expect(protocol.args[0].input.Key).toMatch(/^77\/insured\/protocols\/h\.csv\//);
    const text = Buffer.from(protocol.args[0].input.Body as Uint8Array).toString('utf8');
    expect(text).toContain('F014');
    expect(text).toContain('3 раза возвращался в обработку');
  });

  it('re-sends nothing for a file that beat or moved since it was read, or that an overlapping pass took', async () => {
    docs.on(UpdateCommand).rejects(Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException' }));
    const result = await handler(scheduled as never, context);
    expect(result).toMatchObject({ redriven: 0 });
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
    const guard = docs.commandCalls(UpdateCommand)[0]!.args[0].input;
    expect(guard.ConditionExpression).toBe('#phase = :seenPhase AND #updatedAt = :seenAt');
    expect(guard.ExpressionAttributeValues).toMatchObject({ ':seenPhase': 'VALIDATING', ':seenAt': '2026-11-22T11:56:30Z' });
  });

  it('waits twice as long before each further re-send (3, 6, 12 min), so a passing fault is not rejected in minutes', async () => {
    docs.on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'FILES#77', ':since': '2026-11-19T12:00:00.000Z' } }).resolves({
      Items: [
        file('once-recently', 'VALIDATING', '2026-11-22T11:55:00Z', { redrives: 1 }),
        file('once-long-ago', 'VALIDATING', '2026-11-22T11:53:00Z', { redrives: 1 }),
        file('twice-recently', 'VALIDATING', '2026-11-22T11:49:00Z', { redrives: 2 }),
        file('capped-recently', 'VALIDATING', '2026-11-22T11:37:00Z', { redrives: 3 }),
      ],
    });
    const result = await handler(scheduled as never, context);
    expect(result).toMatchObject({ redriven: 1, rejected: 0 });
    const sent = sqs.commandCalls(SendMessageBatchCommand).flatMap((c) => c.args[0].input.Entries!.map((e) => JSON.parse(e.MessageBody!).fileId));
    expect([...new Set(sent)]).toEqual(['once-long-ago']);
  });
});

describe('redriveStuckFiles at the local start-up (staleness 0, not counted)', () => {
  beforeEach(() => {
    docs.reset();
    sqs.reset();
    sqs.on(SendMessageBatchCommand).resolves({});
    docs.on(UpdateCommand).resolves({});
    docs.on(QueryCommand).resolves({ Items: [] });
    docs.on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'FILES#77', ':since': '2026-11-19T12:00:00.000Z' } }).resolves({
      Items: [
        file('just-moved', 'VALIDATING', '2026-11-22T11:59:59Z', { validatedChunks: new Set([1]) }),
        file('at-the-cap', 'LOADING', '2026-11-22T11:59:00Z', { redrives: 3, loadedChunks: new Set([0]) }),
        file('done', 'DONE', '2026-11-22T11:59:00Z'),
      ],
    });
  });

  it('re-sends every unfinished file at once, and neither counts it nor rejects a file at the cap', async () => {
    const result = await redriveStuckFiles(new Date(NOW), { staleAfterMs: 0, counted: false });
    expect(result).toMatchObject({ redriven: 2, rejected: 0 });
    const sent = sqs.commandCalls(SendMessageBatchCommand).map((c) => [c.args[0].input.QueueUrl, c.args[0].input.Entries!.map((e) => JSON.parse(e.MessageBody!))]);
    expect(sent).toEqual([
      ['q-chunks', [{ fileId: 'just-moved', chunk: 0, start: 0, end: 1000 }, { fileId: 'just-moved', chunk: 2, start: 2000, end: 3000 }]],
      ['q-load', [{ fileId: 'at-the-cap', chunk: 1 }, { fileId: 'at-the-cap', chunk: 2 }]],
    ]);
    for (const update of docs.commandCalls(UpdateCommand)) expect(Object.values(update.args[0].input.ExpressionAttributeValues!)).not.toContain(4);
    expect(docs.commandCalls(UpdateCommand).map((c) => c.args[0].input.UpdateExpression)).not.toContainEqual(expect.stringContaining('redrives'));
  });
});

describe('withHeartbeat', () => {
  beforeEach(() => {
    docs.reset();
    docs.on(UpdateCommand).resolves({});
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('bumps the file’s updatedAt every minute while a step runs, only while the file is unfinished, and stops with the step', async () => {
    let finish!: () => void;
    const step = withHeartbeat('slow', () => new Promise<void>((r) => (finish = r)));
    await vi.advanceTimersByTimeAsync(150_000);
    const beats = docs.commandCalls(UpdateCommand);
    expect(beats).toHaveLength(2);
    expect(beats[0]!.args[0].input).toMatchObject({ Key: { pk: 'FILE#slow', sk: 'META' }, ConditionExpression: expect.stringContaining('#phase IN') });
    expect(Object.values(beats[0]!.args[0].input.ExpressionAttributeValues!)).not.toContain('DONE');
    finish();
    await step;
    await vi.advanceTimersByTimeAsync(300_000);
    expect(docs.commandCalls(UpdateCommand)).toHaveLength(2);
  });
});
