import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PART_BYTES } from '../../shared/domain/multipart.js';
import { loadReferenceData } from '../../shared/reference/load.js';
import { apiOf } from '../support/http.js';
import { paddedExport } from '../support/stage1.js';
import { startTestStack, type TestStack } from '../support/stack.js';

/**
 * A large windows-1251 export through the multipart routes on the emulators (issue 13): parts PUT
 * to signed URLs, an interruption resumed from S3's own part list, completion — and the same
 * stage-1 ingest runs as for a file dropped into the inbox (s3rver's completion event). The 40 MB
 * are 2,000 generated rows and whitespace lines the ingest skips: large, yet quick to check.
 */
const ROWS = 2_000;
const BYTES = 40 * 1024 * 1024 + 777; // six parts: five of 8 MiB and a short last one
const TFOMS = { org: '77' };
const NAME = 'Выгрузка-большая.csv';

let testStack: TestStack | undefined;
const api = apiOf(() => testStack!);
const ref = loadReferenceData();
const file = paddedExport({ region: '77', rows: ROWS, seed: 13, ref, bytes: BYTES });

interface PartUrl {
  partNumber: number;
  size: number;
  uploadUrl: string;
}
async function putPart(part: PartUrl): Promise<void> {
  const body = file.subarray((part.partNumber - 1) * PART_BYTES, (part.partNumber - 1) * PART_BYTES + part.size);
  const res = await fetch(part.uploadUrl, { method: 'PUT', body });
  expect(res.status).toBe(200);
}

describe('a large export uploaded in parts', { timeout: 300_000 }, () => {
  beforeAll(async () => {
    testStack = await startTestStack('omsflow-multipart-');
  }, 120_000);

  afterAll(async () => {
    await testStack?.stop();
  }, 120_000);

  it('resumes after an interruption with only the missing parts, completes, and is ingested with every row', async () => {
    const size = file.length;
    const started = await api(TFOMS, 'POST', '/v1/regions/77/files/uploads', { size, name: NAME });
    expect(started.status).toBe(201);
    const { uploadId, partCount, parts } = started.body as { uploadId: string; partCount: number; parts: PartUrl[] };
    expect(partCount).toBe(Math.ceil(size / PART_BYTES));
    expect(partCount).toBe(6);

    // The line drops after the first part: nothing completes, nothing is ingested.
    await putPart(parts[0]!);
    const early = await api(TFOMS, 'POST', `/v1/regions/77/files/uploads/${uploadId}/complete`, { size, name: NAME });
    expect(early).toMatchObject({ status: 409, body: { error: { code: 'UPLOAD_INCOMPLETE' } } });

    const resumed = await api(TFOMS, 'POST', `/v1/regions/77/files/uploads/${uploadId}/parts`, { size, name: NAME });
    expect(resumed.status).toBe(200);
    expect(resumed.body.uploaded).toEqual([{ partNumber: 1, size: PART_BYTES }]);
    expect(resumed.body.parts.map((p: PartUrl) => p.partNumber)).toEqual(Array.from({ length: partCount - 1 }, (_, i) => i + 2));
    for (const part of resumed.body.parts as PartUrl[]) await putPart(part);

    const wrongSize = await api(TFOMS, 'POST', `/v1/regions/77/files/uploads/${uploadId}/complete`, { size: size + 1, name: NAME });
    expect(wrongSize.status).toBe(409);
    expect(wrongSize.body.error.message).toMatch(/не хватает|размер не совпадает/);

    const done = await api(TFOMS, 'POST', `/v1/regions/77/files/uploads/${uploadId}/complete`, { size, name: NAME });
    expect(done).toMatchObject({ status: 200, body: { key: '77/insured/Выгрузка-большая.csv', size } });
    // The upload is gone once completed: a second completion is a clear 404.
    expect((await api(TFOMS, 'POST', `/v1/regions/77/files/uploads/${uploadId}/complete`, { size, name: NAME })).status).toBe(404);

    await testStack!.stack.waitForIdle({ timeoutMs: 200_000 });
    const files = (await api(TFOMS, 'GET', '/v1/regions/77/files')).body.files as Array<Record<string, unknown>>;
    expect(files.find((f) => f.name === NAME)).toMatchObject({ kind: 'insured', phase: 'DONE', encoding: 'windows-1251', rows: ROWS, size });
  });
});
