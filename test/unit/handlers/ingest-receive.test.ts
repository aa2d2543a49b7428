import { DynamoDBClient, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { CopyObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Context, SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import iconv from 'iconv-lite';
import { Readable } from 'node:stream';
import { beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../../functions/ingest/receive.js';
import { ChunkMessage } from '../../../shared/ingest/messages.js';

Object.assign(process.env, {
  OMS_MAIN_TABLE: 'main',
  OMS_IDEMPOTENCY_TABLE: 'idem',
  OMS_INBOX_BUCKET: 'inbox',
  OMS_OUTBOX_BUCKET: 'outbox',
  OMS_QUEUE_URL_INGEST_CHUNKS: 'https://sqs/ingest-chunks',
  OMS_QUEUE_URL_INGEST_FINALIZE: 'https://sqs/ingest-finalize',
  OMS_CHUNK_BYTES: '1000',
  AWS_REGION: 'eu-central-1',
});

const docs = mockClient(DynamoDBDocumentClient);
const raw = mockClient(DynamoDBClient);
const s3 = mockClient(S3Client);
const sqs = mockClient(SQSClient);
const context = { functionName: 'ingest-receive', awsRequestId: 'r1', getRemainingTimeInMillis: () => 60_000 } as unknown as Context;

const HEADER = 'ENP;SS;FAM;IM;OT;W;DR;PHONE;MO;SMO;DS_CHRONIC;LAST_VISIT;DDEATH';

function s3Event(key: string, size: number, messageId = 'm1'): SQSEvent['Records'][number] {
  const body = {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: 'eu-central-1',
        eventTime: '2026-11-22T10:00:00.000Z',
        eventName: 'ObjectCreated:Put',
        userIdentity: { principalId: 'AWS:TFOMS77' },
        requestParameters: { sourceIPAddress: '10.0.0.1' },
        responseElements: { 'x-amz-request-id': 'a', 'x-amz-id-2': 'b' },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: 'inbox',
          bucket: { name: 'inbox', ownerIdentity: { principalId: 'o' }, arn: 'arn:aws:s3:::inbox' },
          object: { key, size, eTag: 'e1', sequencer: '01' },
        },
      },
    ],
  };
  return sqsRecord(JSON.stringify(body), messageId);
}

function sqsRecord(body: string, messageId: string): SQSEvent['Records'][number] {
  return {
    messageId,
    receiptHandle: 'h',
    body,
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: '1', SenderId: 's', ApproximateFirstReceiveTimestamp: '1' },
    messageAttributes: {},
    md5OfBody: 'x',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-central-1:000000000000:inbox-events',
    awsRegion: 'eu-central-1',
  };
}

const stored: Record<string, Record<string, unknown>> = {};

beforeEach(() => {
  for (const m of [docs, raw, s3, sqs]) m.reset();
  for (const k of Object.keys(stored)) delete stored[k];
  docs.on(PutCommand).callsFake((input) => {
    stored[`${input.Item.pk}|${input.Item.sk}`] = input.Item;
    return {};
  });
  docs.on(GetCommand).callsFake((input) => ({ Item: stored[`${input.Key.pk}|${input.Key.sk}`] }));
  docs.on(UpdateCommand).resolves({});
  raw.on(PutItemCommand).resolves({});
  raw.on(UpdateItemCommand).resolves({});
  sqs.on(SendMessageBatchCommand).resolves({ Successful: [] });
  s3.on(PutObjectCommand).resolves({});
  s3.on(CopyObjectCommand).resolves({});
});

const protocolText = () => Buffer.from(s3.commandCalls(PutObjectCommand).find((c) => c.args[0].input.Key!.endsWith('.csv'))!.args[0].input.Body as Uint8Array).toString('utf8');
const quarantineItems = () => Object.values(stored).filter((i) => i.pk === 'QUARANTINE');

function body(text: string, encoding = 'win1251') {
  return { Body: Readable.from([iconv.encode(text, encoding)]) };
}

describe('ingest-receive handler', () => {
  it('registers a windows-1251 export and plans byte-range chunks', async () => {
    const content = `${HEADER}\n` + 'Иванов;'.repeat(340);
    s3.on(GetObjectCommand).resolves(body(content) as never);
    const result = await handler({ Records: [s3Event('77/insured/%D0%B2%D1%8B%D0%B3%D1%80%D1%83%D0%B7%D0%BA%D0%B0+1.csv', 2500)] }, context);
    expect(result).toEqual({ batchItemFailures: [] });

    const file = Object.values(stored).find((i) => String(i.pk).startsWith('FILE#'))!;
    expect(file).toMatchObject({ kind: 'insured', sender: '77', key: '77/insured/выгрузка 1.csv', name: 'выгрузка 1.csv', phase: 'RECEIVED' });
    const update = docs.commandCalls(UpdateCommand)[0]!.args[0].input;
    expect(Object.values(update.ExpressionAttributeValues!)).toEqual(expect.arrayContaining(['VALIDATING', 'windows-1251', 3]));

    const sent = sqs.commandCalls(SendMessageBatchCommand).flatMap((c) => c.args[0].input.Entries!.map((e) => ChunkMessage.parse(JSON.parse(e.MessageBody!))));
    expect(sent.map((m) => [m.chunk, m.start, m.end])).toEqual([
      [0, 0, 1000],
      [1, 1000, 2000],
      [2, 2000, 2500],
    ]);
    expect(new Set(sent.map((m) => m.fileId))).toEqual(new Set([file.fileId]));
    // Powertools idempotency recorded the object version before doing the work.
    expect(raw.commandCalls(PutItemCommand)[0]!.args[0].input.TableName).toBe('idem');
  });

  it('rejects a file whose header lacks required columns: protocol in the outbox, nothing planned', async () => {
    s3.on(GetObjectCommand).resolves(body('ENP;FAMILY;IM\n1;2;3\n') as never);
    await handler({ Records: [s3Event('77/insured/bad.csv', 20)] }, context);
    const keys = s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input.Key);
    expect(keys).toEqual(
      expect.arrayContaining([expect.stringMatching(/^77\/insured\/protocols\/bad\.csv\/20261122T100000Z-\w+\.flk\.csv$/), expect.stringMatching(/\.flk\.xlsx$/)]),
    );
    const csv = s3.commandCalls(PutObjectCommand).find((c) => c.args[0].input.Key!.endsWith('.csv'))!.args[0].input.Body;
    expect(Buffer.from(csv as Uint8Array).toString('utf8')).toContain('F003');
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
    const update = docs.commandCalls(UpdateCommand)[0]!.args[0].input;
    expect(Object.values(update.ExpressionAttributeValues!)).toEqual(expect.arrayContaining(['DONE', 'REJECTED']));
  });

  it('quarantines a file of a region the system does not serve: a copy aside, a record for FOMS, no file record', async () => {
    await handler({ Records: [s3Event('00/insured/a.csv', 100)] }, context);
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(0);
    const [copy] = s3.commandCalls(CopyObjectCommand).map((c) => c.args[0].input);
    expect(copy).toMatchObject({ Bucket: 'inbox', CopySource: 'inbox/00/insured/a.csv', Key: expect.stringMatching(/^quarantine\/20261122T100000Z-\w{8}\/00\/insured\/a\.csv$/) });
    expect(quarantineItems()).toEqual([expect.objectContaining({ key: '00/insured/a.csv', quarantineKey: copy!.Key, reason: expect.stringContaining('«00»') })]);
    expect(Object.values(stored).filter((i) => String(i.pk).startsWith('FILE#'))).toEqual([]);
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
  });

  it('quarantines a key under an unknown folder, with the reason in Russian', async () => {
    await handler({ Records: [s3Event('77/other/a.csv', 10, 'o')] }, context);
    expect(quarantineItems()).toEqual([expect.objectContaining({ key: '77/other/a.csv', reason: expect.stringMatching(/не относится ни к одному потоку/) })]);
  });

  it('ignores the S3 test event, its own quarantine copies and power documents of seed-003 documents', async () => {
    const test = sqsRecord(JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent', Bucket: 'inbox' }), 't');
    const result = await handler(
      { Records: [test, s3Event('quarantine/20261122T100000Z-0a1b2c3d/77/other/a.csv', 10, 'q'), s3Event('77/mo/771001/documents/d1/x.pdf', 10, 'd')] },
      context,
    );
    expect(result).toEqual({ batchItemFailures: [] });
    expect(s3.commandCalls(CopyObjectCommand)).toHaveLength(0);
    expect(docs.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('rejects binary bytes under a .csv name with one F013 finding, not one per garbage column', async () => {
    const garbage = Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 7919) % 256));
    s3.on(GetObjectCommand).resolves({ Body: Readable.from([garbage]) } as never);
    await handler({ Records: [s3Event('77/insured/photo.csv', garbage.length)] }, context);
    const text = protocolText();
    expect(text).toContain('F013');
    expect(text).toContain('файл не является текстом CSV');
    expect(text).not.toContain('F004');
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
  });

  it('refuses a returned «абонентский пункт» that is not an XLSX (text renamed .xlsx) at receipt', async () => {
    s3.on(GetObjectCommand).resolves(body('this is not a spreadsheet\n', 'utf8') as never);
    await handler({ Records: [s3Event('77/mo/771001/returns/ap-0123456789abcdef/ap.xlsx', 26)] }, context);
    expect(protocolText()).toContain('F009');
    expect(protocolText()).toContain('файл не является XLSX');
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
  });

  it('routes an SMO informing-results file to its own queue without reading it (its worker checks it whole)', async () => {
    process.env.OMS_QUEUE_URL_INFORMING_RESULTS = 'https://sqs/informing-results';
    const key = '41/smo/41001/results/ud-2021/ir-20261122T100000Z-0a1b2c3d.csv';
    await handler({ Records: [s3Event(key, 0)] }, context);
    const file = Object.values(stored).find((i) => String(i.pk).startsWith('FILE#'))!;
    expect(file).toMatchObject({ kind: 'informing', sender: '41', prefix: '41/smo/41001/results/ud-2021', name: 'ir-20261122T100000Z-0a1b2c3d.csv' });
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(0);
    const sent = sqs.commandCalls(SendMessageBatchCommand).map((c) => [c.args[0].input.QueueUrl, JSON.parse(c.args[0].input.Entries![0]!.MessageBody!)]);
    expect(sent).toEqual([['https://sqs/informing-results', { fileId: file.fileId }]]);
  });

  it('routes an MO’s planned-hospitalization file to its own queue without reading it', async () => {
    process.env.OMS_QUEUE_URL_HOSPITALIZATION_FILES = 'https://sqs/hospitalization-files';
    const key = '39/mo/390005/hospitalization/hs-20261122T100000Z-0a1b2c3d.csv';
    await handler({ Records: [s3Event(key, 0)] }, context);
    const file = Object.values(stored).find((i) => String(i.pk).startsWith('FILE#'))!;
    expect(file).toMatchObject({ kind: 'hospitalization', sender: '39', prefix: '39/mo/390005/hospitalization', name: 'hs-20261122T100000Z-0a1b2c3d.csv' });
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(0);
    const sent = sqs.commandCalls(SendMessageBatchCommand).map((c) => [c.args[0].input.QueueUrl, JSON.parse(c.args[0].input.Entries![0]!.MessageBody!)]);
    expect(sent).toEqual([['https://sqs/hospitalization-files', { fileId: file.fileId }]]);
  });

  it('fails only the malformed record of a batch', async () => {
    s3.on(GetObjectCommand).resolves(body(`${HEADER}\n1\n`) as never);
    const result = await handler({ Records: [sqsRecord('not json', 'bad'), s3Event('77/insured/ok.csv', 30, 'good')] }, context);
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'bad' }] });
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(1);
  });
});
