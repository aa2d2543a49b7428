import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { BatchGetCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Context, SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../../functions/informing/form.js';

Object.assign(process.env, {
  OMS_MAIN_TABLE: 'main',
  OMS_OUTBOX_BUCKET: 'outbox',
  OMS_WORK_BUCKET: 'work',
  OMS_QUEUE_URL_INFORMING_FORM: 'q-informing',
  AWS_REGION: 'eu-central-1',
});
const docs = mockClient(DynamoDBDocumentClient);
const s3 = mockClient(S3Client);
const sqs = mockClient(SQSClient);
const context = { functionName: 'informing-form', awsRequestId: 'r', getRemainingTimeInMillis: () => 60_000 } as unknown as Context;

const REF = { campaignId: 'ud-2026', region: '39', batch: '12' as const };
const RUN = '2026-12-07T09:00:00.000Z';
const INFORM = `INFORM#ud-2026#39#12`;

const event = (...bodies: unknown[]): SQSEvent => ({
  Records: bodies.map((body, i) => ({
    messageId: `m${i}`,
    receiptHandle: 'h',
    body: JSON.stringify(body),
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: '1', SenderId: 's', ApproximateFirstReceiveTimestamp: '1' },
    messageAttributes: {},
    md5OfBody: 'x',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-central-1:000000000000:informing-form',
    awsRegion: 'eu-central-1',
  })),
});

const registered = (code: string, state: 'ACTIVE' | 'ENDED') => ({ pk: 'SMOREG#39', sk: code, region: '39', code, name: `СМО ${code}`, contacts: {}, state, registeredAt: RUN, activeSince: RUN, version: 1, history: [] });
const queued = () => sqs.commandCalls(SendMessageBatchCommand).flatMap((c) => c.args[0].input.Entries!.map((e) => JSON.parse(e.MessageBody!)));

describe('informing-form handler', () => {
  beforeEach(() => {
    docs.reset();
    s3.reset();
    sqs.reset();
    sqs.on(SendMessageBatchCommand).resolves({});
    docs.on(UpdateCommand).resolves({});
    docs.on(PutCommand).resolves({});
    docs.on(QueryCommand).resolves({ Items: [] });
    docs.on(GetCommand).resolves({});
    docs.on(GetCommand, { Key: { pk: 'STAGE#ud-2026#39#12', sk: 'STATE' } }).resolves({ Item: { ...REF, state: 'APPROVED', version: 3, history: [] } });
  });

  it('orchestrator: records the run with the active SMOs only, puts each into it and queues those open in it', async () => {
    docs.on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'SMOREG#39' } }).resolves({ Items: [registered('39002', 'ACTIVE'), registered('39004', 'ENDED'), registered('39006', 'ACTIVE')] });
    docs.on(QueryCommand, { ExpressionAttributeValues: { ':pk': INFORM, ':p': 'SMO#' } }).resolves({
      Items: [
        { ...REF, smo: '39002', run: RUN, status: 'PENDING', version: 0 },
        { ...REF, smo: '39004', run: '2026-12-01T00:00:00.000Z', status: 'FORMED', version: 1 },
        { ...REF, smo: '39006', run: RUN, status: 'FORMED', version: 1 },
      ],
    });
    expect(await handler(event({ ...REF, run: RUN, trigger: 'approve', by: '11223344595', org: '39' }), context)).toEqual({ batchItemFailures: [] });
    const run = docs.commandCalls(PutCommand).map((c) => c.args[0].input).find((i) => i.Item!.sk === 'STATE')!;
    expect(run.Item).toMatchObject({ run: RUN, trigger: 'approve', smos: ['39002', '39006'], org: '39' });
    expect(run.ConditionExpression).toBe('attribute_not_exists(pk) OR #run < :run');
    const planned = docs.commandCalls(UpdateCommand).map((c) => c.args[0].input);
    expect(planned.map((p) => p.Key!.sk)).toEqual(['SMO#39002', 'SMO#39006']);
    expect(planned.every((p) => p.ConditionExpression === 'attribute_not_exists(pk) OR #run < :run')).toBe(true);
    // 39006 is done in this run (a redelivery), 39004 ended its work: only 39002 is queued.
    expect(queued()).toEqual([{ ...REF, run: RUN, smo: '39002' }]);
  });

  it('orchestrator: a run older than the recorded one, or a registry not approved, does nothing', async () => {
    docs.on(GetCommand, { Key: { pk: INFORM, sk: 'STATE' } }).resolves({ Item: { ...REF, run: '2026-12-08T00:00:00.000Z', smos: ['39002'], history: [] } });
    expect(await handler(event({ ...REF, run: RUN }), context)).toEqual({ batchItemFailures: [] });
    docs.on(GetCommand, { Key: { pk: 'STAGE#ud-2026#39#12', sk: 'STATE' } }).resolves({ Item: { ...REF, state: 'FORMING', version: 4, history: [] } });
    expect(await handler(event({ ...REF, run: '2026-12-09T00:00:00.000Z' }), context)).toEqual({ batchItemFailures: [] });
    expect(docs.commandCalls(PutCommand)).toHaveLength(0);
    expect(docs.commandCalls(UpdateCommand)).toHaveLength(0);
    expect(queued()).toEqual([]);
  });

  it('worker: a failed upload is recorded on the SMO (status, error, attempts) and the message goes back to the queue (retries, then DLQ)', async () => {
    docs.on(GetCommand, { Key: { pk: INFORM, sk: 'SMO#39002' } }).resolves({ Item: { ...REF, smo: '39002', run: RUN, status: 'PENDING', version: 0, attempts: 1 } });
    docs.on(GetCommand, { Key: { pk: 'SMOREG#39', sk: '39002' } }).resolves({ Item: registered('39002', 'ACTIVE') });
    docs.on(QueryCommand, { IndexName: 'gsi1' }).resolves({
      Items: [{ enp: '3900000000000001', campaignId: 'ud-2026', region: '39', batch: '12', mo: '390005', smo: '39002', n: 1, group: 1, mark: 'запланирован', date: '2026-12-10', time: '09:30' }],
    });
    docs.on(BatchGetCommand).resolves({ Responses: { main: [{ enp: '3900000000000001', card: { fam: 'Иванов', im: 'Иван', dr: '1960-02-03', w: 1 } }] } });
    s3.on(PutObjectCommand, { Bucket: 'work' }).resolves({});
    s3.on(PutObjectCommand, { Bucket: 'outbox' }).rejects(Object.assign(new Error('SlowDown'), { name: 'SlowDown' }));
    await expect(handler(event({ ...REF, run: RUN, smo: '39002' }), context)).rejects.toThrow(/All records failed/);
    const failed = docs.commandCalls(UpdateCommand).map((c) => c.args[0].input);
    expect(failed).toHaveLength(1);
    expect(failed[0]!.ConditionExpression).toBe('#run = :run');
    expect(Object.values(failed[0]!.ExpressionAttributeValues!)).toEqual(expect.arrayContaining(['FAILED', expect.stringContaining('SlowDown'), 2, RUN]));
  });

  it('worker: a version number another run published meanwhile is not overwritten: the SMO is marked FAILED and the message retried', async () => {
    docs.on(GetCommand, { Key: { pk: INFORM, sk: 'SMO#39002' } }).resolves({ Item: { ...REF, smo: '39002', run: RUN, status: 'PENDING', version: 0 } });
    docs.on(GetCommand, { Key: { pk: 'SMOREG#39', sk: '39002' } }).resolves({ Item: registered('39002', 'ACTIVE') });
    docs.on(QueryCommand, { IndexName: 'gsi1' }).resolves({
      Items: [{ enp: '3900000000000001', campaignId: 'ud-2026', region: '39', batch: '12', mo: '390005', smo: '39002', n: 1, group: 1, mark: 'запланирован', date: '2026-12-10', time: '09:30' }],
    });
    docs.on(BatchGetCommand).resolves({ Responses: { main: [{ enp: '3900000000000001', card: { fam: 'Иванов', im: 'Иван', dr: '1960-02-03', w: 1 } }] } });
    s3.on(PutObjectCommand).resolves({});
    docs.on(UpdateCommand, { Key: { pk: INFORM, sk: 'VER#39002#0001' } }).rejects(Object.assign(new Error('taken'), { name: 'ConditionalCheckFailedException' }));
    await expect(handler(event({ ...REF, run: RUN, smo: '39002' }), context)).rejects.toThrow(/All records failed/);
    const smoUpdates = docs.commandCalls(UpdateCommand).map((c) => c.args[0].input).filter((i) => i.Key!.sk === 'SMO#39002');
    expect(smoUpdates).toHaveLength(1);
    expect(Object.values(smoUpdates[0]!.ExpressionAttributeValues!)).toEqual(expect.arrayContaining(['FAILED', expect.stringContaining('published by another run')]));
  });

  it('worker: a message of a superseded run, or of an SMO already done in this run, writes nothing', async () => {
    docs.on(GetCommand, { Key: { pk: INFORM, sk: 'SMO#39002' } }).resolves({ Item: { ...REF, smo: '39002', run: '2026-12-08T00:00:00.000Z', status: 'PENDING', version: 1 } });
    expect(await handler(event({ ...REF, run: RUN, smo: '39002' }), context)).toEqual({ batchItemFailures: [] });
    docs.on(GetCommand, { Key: { pk: INFORM, sk: 'SMO#39002' } }).resolves({ Item: { ...REF, smo: '39002', run: RUN, status: 'UNCHANGED', version: 1 } });
    expect(await handler(event({ ...REF, run: RUN, smo: '39002' }), context)).toEqual({ batchItemFailures: [] });
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
    expect(docs.commandCalls(UpdateCommand)).toHaveLength(0);
  });
});
