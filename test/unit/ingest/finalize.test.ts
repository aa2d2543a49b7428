import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { Readable } from 'node:stream';
import { beforeEach, describe, expect, it } from 'vitest';
import { rowIssue } from '../../../shared/flk/codes.js';
import { workKeys } from '../../../shared/ingest/inbox.js';
import { finalizeFile } from '../../../shared/services/ingest/finalize.js';

Object.assign(process.env, {
  OMS_MAIN_TABLE: 'main',
  OMS_WORK_BUCKET: 'work',
  OMS_OUTBOX_BUCKET: 'outbox',
  OMS_QUEUE_URL_INGEST_LOAD: 'https://sqs/ingest-load',
  AWS_REGION: 'eu-central-1',
});
const docs = mockClient(DynamoDBDocumentClient);
const s3 = mockClient(S3Client);
const sqs = mockClient(SQSClient);

const FILE = 'f1';
const file = {
  pk: `FILE#${FILE}`,
  sk: 'FILE',
  fileId: FILE,
  kind: 'insured',
  sender: '39',
  bucket: 'inbox',
  key: '39/insured/export.csv',
  prefix: '39/insured',
  name: 'export.csv',
  etag: 'e',
  size: 100,
  receivedAt: '2026-12-01T08:00:00.000Z',
  phase: 'VALIDATING',
  format: 'csv',
  encoding: 'windows-1251',
  chunkCount: 2,
  updatedAt: '2026-12-01T08:00:00.000Z',
};
// Chunk 0 holds lines 1–4 (header = 1), chunk 1 lines 5–8; staged line numbers are chunk-local.
const summary = (chunk: number) => ({ chunk, lines: 4, dataRows: chunk ? 4 : 3, validRows: chunk ? 4 : 3, errorRows: 0, errors: 0, warnings: chunk ? 1 : 0 });
let staged: Map<string, string>;
let protocol: string;

beforeEach(() => {
  docs.reset();
  s3.reset();
  sqs.reset();
  protocol = '';
  docs.on(GetCommand).resolves({ Item: file });
  docs.on(UpdateCommand).resolves({});
  docs.on(QueryCommand).resolves({ Items: [summary(0), summary(1)] });
  sqs.on(SendMessageBatchCommand).resolves({});
  s3.on(GetObjectCommand).callsFake((input: { Key: string }) => {
    const body = staged.get(input.Key);
    if (body === undefined) throw Object.assign(new Error('The specified key does not exist.'), { name: 'NoSuchKey' });
    return { Body: Readable.from([Buffer.from(body)]) };
  });
  s3.on(PutObjectCommand).callsFake(async (input: { Key: string; Body: unknown }) => {
    if (input.Key.endsWith('.csv')) protocol += await text(input.Body);
    return {};
  });
  staged = new Map([
    [workKeys.enps(FILE, 0), ['3900000000000011\t2', '3900000000000029\t3', '3900000000000037\t4'].join('\n')],
    [workKeys.enps(FILE, 1), ['3900000000000011\t3', '3900000000000045\t1', '3900000000000052\t2', '3900000000000060\t4'].join('\n')],
    [workKeys.crossKeys(FILE, 0), ['S11223344595\t2', 'S12345678964\t3'].join('\n')],
    [workKeys.crossKeys(FILE, 1), ['S11223344595\t1', 'S11223344595\t3', 'S12345678964\t2'].join('\n')],
    [workKeys.issues(FILE, 0), ''],
    [workKeys.issues(FILE, 1), JSON.stringify(rowIssue('R019', 2, 'PHONE', '12-34')) + '\n'],
  ]);
});

async function text(body: unknown): Promise<string> {
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return Buffer.from(body).toString('utf8');
  const parts: Buffer[] = [];
  for await (const part of body as AsyncIterable<Buffer>) parts.push(Buffer.from(part));
  return Buffer.concat(parts).toString('utf8');
}

const codesByLine = () =>
  protocol
    .split(/\r?\n/)
    .map((l) => l.split(';'))
    .filter((f) => /^\d+$/.test(f[0] ?? '') && /^[RF]\d{3}$/.test(f[3] ?? ''))
    .map((f) => `${f[0]}:${f[3]}`);

describe('finalize: repeats across chunks', () => {
  it('rejects a repeated ЕНП, warns every row of a shared СНИЛС except the rejected one, in line order', async () => {
    await finalizeFile({ fileId: FILE });
    // ЕНП …0011 at lines 2 and 7: 7 rejected. СНИЛС …4595 at 2, 5, 7: 7 left out, 2 and 5 warned; …8964 at 3 and 6.
    expect(codesByLine()).toEqual(['2:R039', '3:R039', '5:R039', '6:R019', '6:R039', '7:R016']);
    const done = docs.commandCalls(UpdateCommand).map((c) => c.args[0].input.ExpressionAttributeValues!).find((v) => Object.values(v).includes('LOADING'))!;
    expect(done).toMatchObject({ ':a1': 'PARTIAL' });
    expect(Object.values(done)).toEqual(expect.arrayContaining([7, 6, 1, 5]));
  });

  it('finishes a file whose chunks were validated before cross-row keys were staged', async () => {
    staged.delete(workKeys.crossKeys(FILE, 0));
    staged.delete(workKeys.crossKeys(FILE, 1));
    await finalizeFile({ fileId: FILE });
    expect(codesByLine()).toEqual(['6:R019', '7:R016']);
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(1);
  });
});
