import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Context, SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../../functions/abonent/form.js';
import { loadReferenceData } from '../../../shared/reference/load.js';
import { seedCampaignsOnly } from '../../support/campaigns-mock.js';

Object.assign(process.env, {
  OMS_MAIN_TABLE: 'main',
  OMS_OUTBOX_BUCKET: 'outbox',
  OMS_WORK_BUCKET: 'work',
  OMS_QUEUE_URL_ABONENT_FORM: 'q-form',
  AWS_REGION: 'eu-central-1',
});
const docs = mockClient(DynamoDBDocumentClient);
const s3 = mockClient(S3Client);
const sqs = mockClient(SQSClient);
const context = { functionName: 'abonent-form', awsRequestId: 'r', getRemainingTimeInMillis: () => 60_000 } as unknown as Context;

const REF = { campaignId: 'ud-2026', region: '39', batch: '12' };
const MOS = [...loadReferenceData().mos.values()].filter((m) => m.region === '39').map((m) => m.code);

const event = (...bodies: unknown[]): SQSEvent => ({
  Records: bodies.map((body, i) => ({
    messageId: `m${i}`,
    receiptHandle: 'h',
    body: JSON.stringify(body),
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: '1', SenderId: 's', ApproximateFirstReceiveTimestamp: '1' },
    messageAttributes: {},
    md5OfBody: 'x',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-central-1:000000000000:abonent-form',
    awsRegion: 'eu-central-1',
  })),
});

const person = (n: number, group: number) => ({
  enp: `390000000000${String(n).padStart(4, '0')}`,
  campaignId: 'ud-2026',
  region: '39',
  mo: MOS[0],
  smo: '39001',
  decision: { eligible: true, group },
  card: { fam: 'Иванов', im: 'Иван', ot: 'Иванович', dr: '1960-02-03', w: 1, phone: '+79001234567' },
});

describe('abonent-form handler', () => {
  beforeEach(async () => {
    docs.reset();
    await seedCampaignsOnly(docs);
    s3.reset();
    sqs.reset();
    sqs.on(SendMessageBatchCommand).resolves({});
    docs.on(UpdateCommand).resolves({});
    docs.on(PutCommand).resolves({});
    docs.on(QueryCommand).resolves({ Items: [] });
  });

  it('orchestrator: plans every MO of the region once and queues only those without a file', async () => {
    const statusOf = (mo: string) => (mo === MOS[0] ? 'FORMED' : mo === MOS[1] ? 'FAILED' : mo === MOS[2] ? 'EMPTY' : 'PENDING');
    docs.on(QueryCommand).resolves({ Items: MOS.map((mo) => ({ ...REF, mo, fileId: `ap-${mo}`, status: statusOf(mo) })) });
    docs.on(GetCommand).resolves({ Item: { ...REF, state: 'FORMING', version: 1, mos: MOS.length, history: [] } });
    const out = await handler(event(REF), context);
    expect(out).toEqual({ batchItemFailures: [] });
    const planned = docs.commandCalls(PutCommand).map((c) => c.args[0].input);
    expect(planned.map((p) => p.Item!.mo).sort()).toEqual([...MOS].sort());
    expect(planned.every((p) => p.ConditionExpression === 'attribute_not_exists(pk)')).toBe(true);
    const queued = sqs.commandCalls(SendMessageBatchCommand).flatMap((c) => c.args[0].input.Entries!.map((e) => JSON.parse(e.MessageBody!).mo));
    expect(queued.sort()).toEqual(MOS.filter((mo) => statusOf(mo) === 'PENDING' || statusOf(mo) === 'FAILED').sort());
  });

  it('worker: a failed upload is recorded on the MO (status, error, attempts) and the message goes back to the queue (retries, then DLQ)', async () => {
    docs.on(GetCommand).resolves({ Item: { ...REF, mo: MOS[0], fileId: 'ap-0123456789abcdef', status: 'PENDING', attempts: 1 } });
    docs.on(QueryCommand).callsFake((input: { ExpressionAttributeValues: Record<string, string> }) =>
      input.ExpressionAttributeValues[':g'] === '1#' ? { Items: [person(1, 1), person(2, 1)] } : { Items: [person(3, 2)] },
    );
    s3.on(PutObjectCommand, { Bucket: 'work' }).resolves({});
    s3.on(PutObjectCommand, { Bucket: 'outbox' }).rejects(Object.assign(new Error('SlowDown'), { name: 'SlowDown' }));
    // A batch of one that fails whole is thrown (Powertools): the message returns to the queue.
    await expect(handler(event({ ...REF, mo: MOS[0] }), context)).rejects.toThrow(/All records failed/);
    const failed = docs.commandCalls(UpdateCommand).map((c) => c.args[0].input.ExpressionAttributeValues!);
    expect(failed).toEqual([expect.objectContaining({ ':a0': 'FAILED', ':a1': expect.stringContaining('SlowDown'), ':a2': 2 })]);
  });

  it('worker: writes the XLSX and the copy of the locked columns, then marks the MO formed; a formed MO is left alone', async () => {
    docs.on(GetCommand).resolves({ Item: { ...REF, mo: MOS[0], fileId: 'ap-0123456789abcdef', status: 'PENDING' } });
    docs.on(QueryCommand).callsFake((input: { ExpressionAttributeValues: Record<string, string> }) =>
      input.ExpressionAttributeValues[':g'] === '1#' ? { Items: [person(1, 1), person(2, 1)] } : { Items: [person(3, 2)] },
    );
    s3.on(PutObjectCommand).resolves({});
    expect(await handler(event({ ...REF, mo: MOS[0] }), context)).toEqual({ batchItemFailures: [] });
    const puts = s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input);
    expect(puts.map((p) => `${p.Bucket}/${p.Key}`).sort()).toEqual([
      `outbox/39/mo/${MOS[0]}/abonent/ud-2026/batch-12/ap-0123456789abcdef.xlsx`,
      `work/abonent/ud-2026/39/12/${MOS[0]}/ap-0123456789abcdef.rows.jsonl`,
    ]);
    const copy = puts.find((p) => p.Bucket === 'work')!.Body;
    const text = Buffer.isBuffer(copy) ? copy.toString('utf8') : String(copy);
    expect(text.trim().split('\n').map((l) => JSON.parse(l))).toEqual([
      ['1', '3900000000000001', 'Иванов Иван Иванович', '03.02.1960', 'М', '+79001234567', '1', '39001'],
      ['2', '3900000000000002', 'Иванов Иван Иванович', '03.02.1960', 'М', '+79001234567', '1', '39001'],
      ['3', '3900000000000003', 'Иванов Иван Иванович', '03.02.1960', 'М', '+79001234567', '2', '39001'],
    ]);
    const formed = docs.commandCalls(UpdateCommand).at(-1)!.args[0].input.ExpressionAttributeValues!;
    expect(formed).toMatchObject({ ':a0': 'FORMED', ':a1': 3 });

    s3.reset();
    docs.on(GetCommand).resolves({ Item: { ...REF, mo: MOS[0], fileId: 'ap-0123456789abcdef', status: 'FORMED' } });
    expect(await handler(event({ ...REF, mo: MOS[0] }), context)).toEqual({ batchItemFailures: [] });
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
  });
});
