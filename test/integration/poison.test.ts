import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/stack.js';
import { s3Client } from '../../shared/adapters/clients.js';
import { putObject } from '../../shared/adapters/s3.js';
import { getFile } from '../../shared/adapters/store/files.js';
import { planMoFile, saveStage } from '../../shared/adapters/store/stages.js';
import { loadReferenceData } from '../../shared/reference/load.js';
import { MAX_RECEIVES } from '../../shared/runtime/declarations.js';
import { redriveStuckFiles } from '../../shared/services/ingest/watchdog.js';
import { generateInsured, INSURED_COLUMNS } from '../../infra/local/testdata/generator.js';
import { writeXlsxExport } from '../../infra/local/testdata/xlsx-export.js';
import { apiOf } from '../support/http.js';
import { protocolRows as protocolRowsOf } from '../support/stage1.js';
import { startTestStack, type TestStack } from '../support/stack.js';

/**
 * Every file gets a verdict, through the emulators with the real handlers: files that cannot be
 * checked — a 10 MB line, binary bytes named .csv, a truncated or a plain-text «абонентский пункт»,
 * a check that keeps failing on a passing fault — end REJECTED (or, for the long line, with one
 * finding for that line) with a protocol in Russian, the original kept, and the watchdog leaves
 * them alone afterwards; files of no flow or of an unserved region are quarantined for FOMS.
 */
const ref = loadReferenceData();
let testStack: TestStack | undefined;
let stack: LocalStack;
let dataDir: string;
let s3: S3Client;
const api = apiOf(() => ({ stack, dataDir }));
const inbox = () => stack.endpoints.s3.buckets.inbox;

const csv = (rows: string[][]) => iconv.encode([INSURED_COLUMNS.join(';'), ...rows.map((r) => r.join(';'))].join('\r\n') + '\r\n', 'win1251');

async function put(key: string, body: Buffer) {
  await s3.send(new PutObjectCommand({ Bucket: inbox(), Key: key, Body: body }));
  await stack.waitForIdle({ timeoutMs: 280_000 });
}

async function fileNamed(region: string, name: string) {
  const files = (await api({ org: region }, 'GET', `/v1/regions/${region}/files`)).body.files as any[];
  return files.find((f) => f.name === name);
}

const protocolRows = (key: string) => protocolRowsOf(stack, s3, key);

async function original(key: string): Promise<Buffer> {
  const out = await s3.send(new GetObjectCommand({ Bucket: inbox(), Key: key }));
  return Buffer.from(await out.Body!.transformToByteArray());
}

/** A REJECTED file: protocol in the outbox naming `reason`, the original untouched in the inbox. */
async function expectRejected(file: any, body: Buffer, code: string, reason: RegExp) {
  expect(file).toMatchObject({ phase: 'DONE', status: 'REJECTED' });
  const rows = await protocolRows(file.protocolCsvKey);
  expect(rows.map((r) => r['Код'])).toEqual([code]);
  expect(rows[0]!['Сообщение'] ?? Object.values(rows[0]!).join(';')).toMatch(reason);
  const xlsx = await s3.send(new GetObjectCommand({ Bucket: stack.endpoints.s3.buckets.outbox, Key: file.protocolXlsxKey }));
  expect((await xlsx.Body!.transformToByteArray()).length).toBeGreaterThan(0);
  expect((await original(file.key)).equals(body)).toBe(true);
}

/** Every GetObject of the whole of a `marker` file (the chunk worker's read) fails as S3 throttling would. */
let throttled = 0;
function throttleReadsOf(marker: string) {
  s3Client().middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { Key?: string; Range?: string };
      if (context.commandName === 'GetObjectCommand' && input.Key?.includes(marker) && input.Range?.endsWith('-')) {
        throttled++;
        throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } });
      }
      return next(args);
    },
    { step: 'finalizeRequest', name: 'poisonTestThrottle' },
  );
}

describe('every file gets a verdict (emulators, real handlers)', { timeout: 300_000 }, () => {
  beforeAll(async () => {
    // 1 MiB chunks: the 10 MB line spans several, so ranges that start inside it must skip it.
    process.env.OMS_CHUNK_BYTES = String(1024 * 1024);
    testStack = await startTestStack('omsflow-poison-');
    ({ stack, dataDir, s3 } = testStack);
    throttleReadsOf('always-throttled');
  }, 120_000);

  afterAll(async () => {
    s3Client().middlewareStack.remove('poisonTestThrottle');
    await testStack?.stop();
    delete process.env.OMS_CHUNK_BYTES;
  });

  it('a 10 MB line is one R042 finding for that line; the rows around it are checked and loaded', async () => {
    const rows = [...generateInsured({ region: '39', rows: 40, seed: 21, ref })].map((g) => g.fields);
    const giant = ['7'.repeat(10 * 1024 * 1024)];
    const body = csv([...rows.slice(0, 20), giant, ...rows.slice(20)]);
    await put('39/insured/long-line.csv', body);
    const file = await fileNamed('39', 'long-line.csv');
    expect(file).toMatchObject({ phase: 'DONE', status: 'PARTIAL', rows: 41, acceptedRows: 40, rejectedRows: 1 });
    const found = await protocolRows(file.protocolCsvKey);
    expect(found.map((r) => `${r['Строка']}:${r['Код']}`)).toEqual(['22:R042']);
    expect(Object.values(found[0]!).join(';')).toMatch(/строка длиннее допустимого \(больше 64 КиБ\)/);
    expect((await original(file.key)).length).toBe(body.length);
  });

  it('binary bytes named .csv: REJECTED with one F013 finding, not one per garbage column', async () => {
    const body = Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 7919 + (i >> 7)) % 256));
    await put('39/insured/photo.csv', body);
    await expectRejected(await fileNamed('39', 'photo.csv'), body, 'F013', /файл не является текстом CSV/);
  });

  it('a plain-text «абонентский пункт» return: REJECTED at receipt (F009, not an XLSX)', async () => {
    const body = Buffer.from('ЕНП;Дата проведения\n7756410834000012;01.02.2026\n');
    await put('23/mo/230001/returns/ap-00000000000000aa/ap.xlsx', body);
    await expectRejected(await fileNamed('23', 'ap.xlsx'), body, 'F009', /файл не является XLSX/);
  });

  it('a truncated «абонентский пункт» return: REJECTED at once by its worker (F002, damaged archive), shown beside the MO’s returns', async () => {
    const stageRef = { campaignId: 'ud-2026', region: '23', batch: '12' as const };
    const at = new Date().toISOString();
    await saveStage({ ...stageRef, state: 'FORMING', version: 1, history: [], mos: 1, updatedAt: at });
    await putObject(stack.endpoints.s3.buckets.work!, 'poison/originals.ndjson', '', 'application/x-ndjson');
    await planMoFile({ ...stageRef, mo: '230002', fileId: 'ap-00000000000000bb', status: 'FORMED', rows: 3000, originalsKey: 'poison/originals.ndjson', hash: 'x', formedAt: at });
    const path = join(dataDir, 'ap.xlsx');
    await writeXlsxExport(path, ['A', 'B', 'C'], Array.from({ length: 3000 }, (_, i) => [`a${i}`, 'b', 'c']));
    const full = readFileSync(path);
    const body = full.subarray(0, Math.floor(full.length * 0.6));
    await put('23/mo/230002/returns/ap-00000000000000bb/filled.xlsx', body);
    const file = await fileNamed('23', 'filled.xlsx');
    await expectRejected(file, body, 'F002', /повреждённый архив XLSX/);
    const returns = await api({ org: '23' }, 'GET', '/v1/orgs/230002/abonent-files/ap-00000000000000bb/returns');
    expect(returns.body.returns?.[0]).toMatchObject({ status: 'REJECTED' });
  });

  it(`a check that fails on a passing fault every time: retried ${MAX_RECEIVES} times, then REJECTED (F014) instead of a silent DLQ`, async () => {
    const rows = [...generateInsured({ region: '39', rows: 20, seed: 22, ref })].map((g) => g.fields);
    const body = csv(rows);
    await put('39/insured/always-throttled.csv', body);
    expect(throttled).toBeGreaterThanOrEqual(MAX_RECEIVES);
    await expectRejected(await fileNamed('39', 'always-throttled.csv'), body, 'F014', new RegExp(`${MAX_RECEIVES} попыток подряд завершились сбоем: временная ошибка хранилища или сети \\(ThrottlingException\\)`));
  });

  it('the watchdog leaves every file with a verdict alone, long after the stale mark', async () => {
    const later = new Date(Date.now() + 6 * 3600 * 1000);
    const pass = await redriveStuckFiles(later);
    expect(pass).toMatchObject({ redriven: 0, rejected: 0 });
    expect(pass.checked).toBeGreaterThanOrEqual(5);
    for (const [region, name] of [['39', 'photo.csv'], ['39', 'always-throttled.csv'], ['23', 'filled.xlsx']] as const) {
      const file = await getFile((await fileNamed(region, name)).fileId);
      expect(file).toMatchObject({ phase: 'DONE', status: 'REJECTED' });
      expect(file!.redrives ?? 0).toBe(0);
    }
  });

  it('files under an unknown folder or of a region not served are quarantined: a copy aside, the original kept, listed for FOMS only', async () => {
    const stray = Buffer.from('ENP;FAM\n1;2\n');
    await put('39/unknown/stray.csv', stray);
    await put('00/insured/export.csv', stray);
    const list = await api({ org: 'FOMS' }, 'GET', '/v1/quarantine');
    expect(list.status).toBe(200);
    const byKey = new Map((list.body.files as any[]).map((f) => [f.key, f]));
    // One entry each: the copy's own notification is not a new file (no loop).
    expect([...byKey.keys()].sort()).toEqual(['00/insured/export.csv', '39/unknown/stray.csv']);
    expect(byKey.get('39/unknown/stray.csv').reason).toMatch(/не относится ни к одному потоку/);
    expect(byKey.get('00/insured/export.csv').reason).toMatch(/код региона отправителя «00».*карантин/);
    for (const f of byKey.values()) {
      expect(f.quarantineKey).toMatch(new RegExp(`^quarantine/\\d{8}T\\d{6}Z-\\w{8}/${f.key}$`));
      expect((await original(f.quarantineKey)).equals(stray)).toBe(true);
      expect((await original(f.key)).equals(stray)).toBe(true);
    }
    expect((await api({ org: '39' }, 'GET', '/v1/quarantine')).status).toBe(403);
  });
});
