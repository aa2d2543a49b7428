import { CompleteMultipartUploadCommand, CreateMultipartUploadCommand, ListPartsCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { completionProblem, missingParts, MULTIPART_THRESHOLD_BYTES, PART_BYTES, PART_URLS_PER_ANSWER } from '../../../shared/domain/multipart.js';
import { apiEvent, callApi } from '../../support/api-event.js';

process.env.OMS_MAIN_TABLE = 'main';
process.env.OMS_INBOX_BUCKET = 'inbox';
// Presigning needs a region and credentials, never a network call.
Object.assign(process.env, { AWS_REGION: 'eu-central-1', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' });
const ddb = mockClient(DynamoDBDocumentClient);
const s3 = mockClient(S3Client);

const USERS: Record<string, string> = { '11223344595': '77', '12345678964': '50' };
const as = (org: string) => ({ sub: `u-${org}`, snils: Object.keys(USERS).find((k) => USERS[k] === org)! });
const MB = 1024 * 1024;
const SIZE = 40 * MB + 123; // 6 parts: five of 8 MiB and 123 bytes
const NAME = 'Выгрузка 77.csv';
const KEY = '77/insured/Выгрузка_77.csv';

const start = (size = SIZE, who = '77', region = '77') => callApi(apiEvent('POST /v1/regions/{region}/files/uploads', { region }, as(who), { body: { size, name: NAME } }));
const step = (step: 'parts' | 'complete', uploadId: string, size = SIZE) =>
  callApi(apiEvent(`POST /v1/regions/{region}/files/uploads/{uploadId}/${step}`, { region: '77', uploadId }, as('77'), { body: { size, name: NAME } }));
const part = (n: number, size = PART_BYTES) => ({ PartNumber: n, Size: size, ETag: `"etag-${n}"` });

describe('a large export uploaded in parts', () => {
  beforeEach(() => {
    ddb.reset();
    s3.reset();
    ddb.on(PutCommand).resolves({});
    ddb.on(QueryCommand).resolves({ Items: [] });
    for (const [snils, org] of Object.entries(USERS)) {
      ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': `USER#${snils}` } }).resolves({ Items: [{ pk: `USER#${snils}`, sk: 'PROFILE', snils, fio: 'Тест', org, isHead: false, active: true }] });
    }
    s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'mpu-1' });
    s3.on(CompleteMultipartUploadCommand).resolves({});
  });

  it('starts a multipart upload of the server-chosen inbox key, with signed URLs of exact-length parts', async () => {
    const { status, body } = await start();
    expect(status).toBe(201);
    expect(s3.commandCalls(CreateMultipartUploadCommand)[0]!.args[0].input).toMatchObject({ Bucket: 'inbox', Key: KEY, ContentType: 'text/csv' });
    expect(body).toMatchObject({ key: KEY, uploadId: 'mpu-1', partSize: PART_BYTES, partCount: 6, uploaded: [] });
    expect(body.parts.map((p: { partNumber: number; size: number }) => [p.partNumber, p.size])).toEqual([1, 2, 3, 4, 5, 6].map((n) => [n, n < 6 ? PART_BYTES : 123]));
    const url = new URL(body.parts[0].uploadUrl);
    expect(url.searchParams.get('uploadId')).toBe('mpu-1');
    expect(url.searchParams.get('partNumber')).toBe('1');
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toContain('content-length');
  });

  it('keeps a file of 16 MB or less a single signed PUT', async () => {
    const { status, body } = await start(MULTIPART_THRESHOLD_BYTES);
    expect(status).toBe(201);
    expect(body.method).toBe('PUT');
    expect(s3.commandCalls(CreateMultipartUploadCommand)).toHaveLength(0);
  });

  it('refuses a size that is not a positive whole number, or above the limit, naming the field', async () => {
    expect(await start(0)).toMatchObject({ status: 400, body: { error: { message: expect.stringMatching(/size/) } } });
    expect(await start(3 * 1024 * MB)).toMatchObject({ status: 413, body: { error: { code: 'FILE_TOO_LARGE', message: expect.stringMatching(/^Поле size: файл/) } } });
    expect(s3.commandCalls(CreateMultipartUploadCommand)).toHaveLength(0);
  });

  it('refuses another region’s TFOMS, before S3 is asked anything', async () => {
    const { status, body } = await start(SIZE, '50', '77');
    expect(status).toBe(403);
    expect(body.error.message).toMatch(/[А-Яа-я]/);
    expect(s3.calls()).toHaveLength(0);
  });

  it('resumes from S3’s own part list: only the missing parts get URLs', async () => {
    s3.on(ListPartsCommand, { Key: KEY, UploadId: 'mpu-1' }).resolves({ Parts: [part(1), part(2), part(4)] });
    const { status, body } = await step('parts', 'mpu-1');
    expect(status).toBe(200);
    expect(body.uploaded.map((p: { partNumber: number }) => p.partNumber)).toEqual([1, 2, 4]);
    expect(body.parts.map((p: { partNumber: number }) => p.partNumber)).toEqual([3, 5, 6]);
  });

  it('refuses an upload id S3 does not know for this file, in Russian', async () => {
    s3.on(ListPartsCommand).rejects(Object.assign(new Error('no'), { name: 'NoSuchUpload' }));
    for (const route of ['parts', 'complete'] as const) {
      const { status, body } = await step(route, 'mpu-foreign');
      expect(status).toBe(404);
      expect(body.error.message).toMatch(/^Загрузка mpu-foreign файла «Выгрузка 77\.csv» не найдена/);
    }
    expect(s3.commandCalls(CompleteMultipartUploadCommand)).toHaveLength(0);
  });

  it('completes with the ETags S3 lists, never the client’s', async () => {
    s3.on(ListPartsCommand).resolves({ Parts: [6, 3, 1, 2, 4, 5].map((n) => part(n, n < 6 ? PART_BYTES : 123)) });
    const { status, body } = await step('complete', 'mpu-1');
    expect(status).toBe(200);
    expect(body).toEqual({ key: KEY, size: SIZE });
    const input = s3.commandCalls(CompleteMultipartUploadCommand)[0]!.args[0].input;
    expect(input).toMatchObject({ Bucket: 'inbox', Key: KEY, UploadId: 'mpu-1' });
    expect(input.MultipartUpload!.Parts).toEqual([1, 2, 3, 4, 5, 6].map((n) => ({ PartNumber: n, ETag: `"etag-${n}"` })));
  });

  it('refuses to complete while parts are missing, or when the declared size is not what S3 holds', async () => {
    s3.on(ListPartsCommand).resolves({ Parts: [1, 2, 3, 4, 5].map((n) => part(n)) });
    const missing = await step('complete', 'mpu-1');
    expect(missing).toMatchObject({ status: 409, body: { error: { code: 'UPLOAD_INCOMPLETE', message: 'Загружены не все части файла: не хватает 1 из 6 (части 6).' } } });
    s3.on(ListPartsCommand).resolves({ Parts: [1, 2, 3, 4, 5].map((n) => part(n)).concat(part(6, 123), part(7, 5)) });
    const mismatch = await step('complete', 'mpu-1');
    expect(mismatch).toMatchObject({ status: 409, body: { error: { message: `Поле size: заявлено ${SIZE} байт, а в хранилище ${SIZE + 5} байт — размер не совпадает.` } } });
    expect(s3.commandCalls(CompleteMultipartUploadCommand)).toHaveLength(0);
  });
});

describe('the part plan', () => {
  it('asks again for a part whose length is not the plan’s, and bounds the URLs of one answer', () => {
    expect(missingParts(2 * PART_BYTES, [{ partNumber: 1, size: 5 }, { partNumber: 2, size: PART_BYTES }])).toEqual([1]);
    expect(missingParts(100 * PART_BYTES, []).length).toBeGreaterThan(PART_URLS_PER_ANSWER);
    expect(completionProblem(PART_BYTES + 1, [{ partNumber: 1, size: PART_BYTES }, { partNumber: 2, size: 1 }])).toBeUndefined();
  });
});
