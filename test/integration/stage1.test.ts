import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../functions/catalog.js';
import { demoToken } from '../../infra/local/demo-users.js';
import type { LocalStack } from '../../infra/local/stack.js';
import { countDecision, emptyStats } from '../../shared/domain/group-stats.js';
import { assignPriorityGroup } from '../../shared/domain/groups.js';
import type { CovidCase, InsuredPerson } from '../../shared/domain/records.js';
import { checkInsuredHeader, makeInsuredRowValidator } from '../../shared/flk/insured.js';
import { loadCampaigns, loadReferenceData } from '../../shared/reference/load.js';
import {
  COVID_COLUMNS,
  generateCovid,
  generateInsured,
  INJECTABLE_ERRORS,
  INJECTION_FLK_CODE,
  INSURED_COLUMNS,
  planInjections,
  type InjectableError,
} from '../../infra/local/testdata/generator.js';
import { writeXlsxExport } from '../../infra/local/testdata/xlsx-export.js';
import { protocolRows as protocolRowsOf } from '../support/stage1.js';
import { startTestStack, type TestStack } from '../support/stack.js';
import { arm, failures } from './fixtures/flaky-steps.js';

/**
 * Stage 1 end to end through the emulators, with the real handlers: a windows-1251 export with
 * every kind of injected error → protocol with exactly those errors → valid rows queryable →
 * groups right; the same file again changes nothing; a run killed mid-way completes after retry.
 */
const ref = loadReferenceData();
const campaign = loadCampaigns().find((c) => c.id === 'ud-2026')!;
const ROWS = 3000;
const SEED = 11;
const errors = Object.fromEntries(INJECTABLE_ERRORS.map((e) => [e, e === 'ENP_DUPLICATE' ? 3 : 1])) as Record<InjectableError, number>;

let testStack: TestStack | undefined;
let stack: LocalStack;
let dataDir: string;
let s3: S3Client;

function toCsv(header: readonly string[], rows: Iterable<readonly string[]>): Buffer {
  const lines = [header.join(';'), ...[...rows].map((r) => r.join(';'))];
  return iconv.encode(lines.join('\r\n') + '\r\n', 'win1251');
}

async function put(key: string, body: Buffer) {
  await s3.send(new PutObjectCommand({ Bucket: stack.endpoints.s3.buckets.inbox, Key: key, Body: body }));
  await stack.waitForIdle({ timeoutMs: 280_000 });
}

async function api(path: string, org: string) {
  const token = await demoToken({ org }, dataDir);
  const res = await fetch(`${stack.endpoints.api.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as any };
}

async function filesOf(region: string) {
  return (await api(`/v1/regions/${region}/files`, region)).body.files as any[];
}

const protocolRows = (key: string) => protocolRowsOf(stack, s3, key);

/** What the registry must hold: rows without errors, first occurrence of each ЕНП. */
function expectedPersons(rows: string[][]): InsuredPerson[] {
  const header = checkInsuredHeader([...INSURED_COLUMNS]);
  if (!header.ok) throw new Error('header');
  const validate = makeInsuredRowValidator({ region: '39', ref, today: new Date().toISOString().slice(0, 10), columns: header.columns });
  const seen = new Set<string>();
  const persons: InsuredPerson[] = [];
  rows.forEach((fields, i) => {
    const { person } = validate(fields, i + 2);
    if (person && !seen.has(person.enp)) {
      seen.add(person.enp);
      persons.push(person);
    }
  });
  return persons;
}

function expectedStats(persons: InsuredPerson[], covid: CovidCase[]) {
  const stats = emptyStats();
  for (const person of persons) {
    const cases = covid.filter((c) => (c.enp && c.enp === person.enp) || (c.snils && c.snils === person.snils));
    countDecision(stats, person, assignPriorityGroup({ person, region: '39', covid: cases, campaign, isChronic: (c) => ref.isChronicDisease(c) }));
  }
  return stats;
}

// Minutes, not seconds: the emulators share two cores with the rest of the suite.
describe('stage 1 through the emulators', { timeout: 300_000 }, () => {
  const generated = [...generateInsured({ region: '39', rows: ROWS, seed: SEED, ref, errors })];
  const rows = generated.map((g) => g.fields);
  const injections = planInjections({ rows: ROWS, seed: SEED, errors });
  const persons = expectedPersons(rows);
  const covidRows = [...generateCovid({ region: '39', rows: ROWS, seed: SEED, ref, errors, referenceDate: campaign.referenceDate })];

  beforeAll(async () => {
    // Small chunks so a 3,000-row file spans several chunks and duplicates cross chunk borders.
    process.env.OMS_CHUNK_BYTES = String(64 * 1024);
    process.env.OMS_REGION_SHARDS = '4';
    const functions = FUNCTIONS.map((f) =>
      f.id === 'ingest-validate-chunk'
        ? { ...f, entry: 'test/integration/fixtures/flaky-validate.ts' }
        : f.id === 'ingest-load-chunk'
          ? { ...f, entry: 'test/integration/fixtures/flaky-load.ts' }
          : f,
    );
    testStack = await startTestStack('omsflow-it-', { functions });
    ({ stack, dataDir, s3 } = testStack);
  }, 60_000);

  afterAll(async () => {
    await testStack?.stop();
  });

  it('validates a windows-1251 export: the protocol lists exactly the injected errors', async () => {
    await put('39/insured/export-1.csv', toCsv(INSURED_COLUMNS, rows));
    const [file] = await filesOf('39');
    expect(file).toMatchObject({ kind: 'insured', phase: 'DONE', status: 'PARTIAL', encoding: 'windows-1251', rows: ROWS });
    expect(file.chunkCount).toBeGreaterThan(2);

    const found = (await protocolRows(file.protocolCsvKey)).map((r) => `${r['Строка']}:${r['Код']}`).sort();
    const expected = injections.map((i) => `${i.line}:${INJECTION_FLK_CODE[i.error]}`).sort();
    expect(found).toEqual(expected);
    const rejected = injections.filter((i) => i.error !== 'ENP_FACET_MISMATCH' && i.error !== 'PHONE_INVALID').length;
    expect(file.rejectedRows).toBe(rejected);
    expect(file.acceptedRows).toBe(ROWS - rejected);
    expect(persons).toHaveLength(ROWS - rejected);
  });

  it('makes valid rows queryable by ЕНП, and rejected ones not', async () => {
    const sample = persons[Math.floor(persons.length / 2)]!;
    const got = await api(`/v1/regions/39/persons/${sample.enp}`, '39');
    expect(got.status).toBe(200);
    expect(got.body.person).toMatchObject({ enp: sample.enp, fam: sample.fam, dr: sample.dr, mo: sample.mo, region: '39' });
    expect(got.body.groups.find((g: any) => g.campaignId === campaign.id).decision).not.toBeNull();

    const badChecksum = injections.find((i) => i.error === 'ENP_CHECKSUM')!;
    expect((await api(`/v1/regions/39/persons/${rows[badChecksum.row - 1]![0]}`, '39')).status).toBe(404);
    expect((await api(`/v1/regions/39/persons/${sample.enp}`, '23')).status).toBe(403);
  });

  it('assigns groups 3–4 and exclusions before the COVID register is loaded', async () => {
    const summary = (await api(`/v1/campaigns/${campaign.id}/regions/39/summary`, '39')).body;
    const expected = expectedStats(persons, []);
    expect(summary.persons).toBe(expected.persons);
    expect(summary.byGroup).toEqual(expected.byGroup);
    expect(Object.fromEntries(summary.exclusions.map((e: any) => [e.code, e.count]))).toEqual(expected.exclusions);
    expect(summary.byGroup['1'] + summary.byGroup['2']).toBe(0);
  });

  it('enriches from the COVID register and recomputes groups 1–2', async () => {
    await put('federal/covid/register-1.csv', toCsv(COVID_COLUMNS, covidRows.map((r) => r.fields)));
    const summary = (await api(`/v1/campaigns/${campaign.id}/regions/39/summary`, '39')).body;
    const expected = expectedStats(persons, covidRows.map((r) => r.record));
    expect(summary.byGroup).toEqual(expected.byGroup);
    expect(summary.byGroup['1']).toBeGreaterThan(0);
    expect(summary.byGroup['2']).toBeGreaterThan(0);
    expect(Object.fromEntries(summary.exclusions.map((e: any) => [e.code, e.count]))).toEqual(expected.exclusions);
    const mos = Object.fromEntries(Object.entries(expected.byMo).map(([mo, v]) => [mo, v.reduce((a, b) => a + b, 0)]));
    expect(Object.fromEntries(summary.byMo.map((m: any) => [m.code, m.total]))).toEqual(mos);
  });

  it('changes nothing when the same file is sent again', async () => {
    const before = (await api(`/v1/campaigns/${campaign.id}/regions/39/summary`, '39')).body;
    const sample = persons[0]!;
    const personBefore = (await api(`/v1/regions/39/persons/${sample.enp}`, '39')).body.person;

    await put('39/insured/export-1-resent.csv', toCsv(INSURED_COLUMNS, rows));
    const files = await filesOf('39');
    const resent = files.find((f) => f.name === 'export-1-resent.csv');
    expect(resent).toMatchObject({ status: 'DUPLICATE', phase: 'DONE', duplicateOf: files.find((f) => f.name === 'export-1.csv').fileId });
    expect((await protocolRows(resent.protocolCsvKey)).map((r) => r['Код'])).toEqual(['F007']);

    expect((await api(`/v1/campaigns/${campaign.id}/regions/39/summary`, '39')).body).toEqual(before);
    expect((await api(`/v1/regions/39/persons/${sample.enp}`, '39')).body.person).toEqual(personBefore);
  });

  it('changes nothing when the S3 notification is delivered again', async () => {
    const before = (await api(`/v1/campaigns/${campaign.id}/regions/39/summary`, '39')).body;
    const filesBefore = await filesOf('39');
    const inbox = stack.endpoints.s3.buckets.inbox!;
    const sqs = new SQSClient({ endpoint: stack.endpoints.sqs.endpoint, region: stack.endpoints.region, credentials: stack.endpoints.credentials });
    // The very notification S3 sent (same ETag and sequencer): a new sequencer would be a new write.
    const notification = stack.lastS3Notification('inbox-events', inbox, '39/insured/export-1.csv');
    expect(notification).toBeDefined();
    await sqs.send(new SendMessageCommand({ QueueUrl: stack.endpoints.sqs.queues['inbox-events']!.url, MessageBody: JSON.stringify(notification) }));
    await stack.waitForIdle({ timeoutMs: 280_000 });
    expect(await filesOf('39')).toEqual(filesBefore);
    expect((await api(`/v1/campaigns/${campaign.id}/regions/39/summary`, '39')).body).toEqual(before);
  });

  it('lets a corrected file supersede rows by ЕНП and keeps the others', async () => {
    const before = (await api(`/v1/campaigns/${campaign.id}/regions/39/summary`, '39')).body;
    const corrected = persons.slice(0, 20);
    const firstLines = new Map(rows.map((r, i) => [r[0], i]));
    const fixedRows = corrected.map((p) => {
      const fields = [...rows[firstLines.get(p.enp)!]!];
      fields[2] = 'Исправленная';
      return fields;
    });
    await put('39/insured/export-1-corrected.csv', toCsv(INSURED_COLUMNS, fixedRows));
    const file = (await filesOf('39')).find((f) => f.name === 'export-1-corrected.csv');
    expect(file).toMatchObject({ status: 'ACCEPTED', phase: 'DONE', rows: 20 });
    expect((await api(`/v1/regions/39/persons/${corrected[0]!.enp}`, '39')).body.person.fam).toBe('Исправленная');
    expect((await api(`/v1/regions/39/persons/${persons[25]!.enp}`, '39')).body.person.fam).toBe(persons[25]!.fam);
    const after = (await api(`/v1/campaigns/${campaign.id}/regions/39/summary`, '39')).body;
    expect(after.persons).toBe(before.persons);
    expect(after.byGroup).toEqual(before.byGroup);
  });

  it('completes a file whose validation and load were killed mid-way, with nothing lost or doubled', async () => {
    const region = '23';
    const killed = [...generateInsured({ region, rows: 2000, seed: 5, ref })].map((g) => g.fields);
    arm('23/insured/');
    await put('23/insured/killed.csv', toCsv(INSURED_COLUMNS, killed));
    expect(failures).toEqual(expect.arrayContaining(['validate:1', 'load:1']));
    const [file] = await filesOf(region);
    expect(file).toMatchObject({ phase: 'DONE', status: 'ACCEPTED', rows: 2000, acceptedRows: 2000 });
    const summary = (await api(`/v1/campaigns/${campaign.id}/regions/${region}/summary`, region)).body;
    expect(summary.persons).toBe(2000);
  });

  it('reads an XLSX export the same way, row numbers and all', async () => {
    const xErrors = { ENP_CHECKSUM: 1, SNILS_CHECKSUM: 1, ENP_DUPLICATE: 1 };
    const xRows = [...generateInsured({ region: '41', rows: 300, seed: 3, ref, errors: xErrors })].map((g) => g.fields);
    const path = join(dataDir, 'export-41.xlsx');
    await writeXlsxExport(path, INSURED_COLUMNS, xRows);
    await put('41/insured/export-41.xlsx', readFileSync(path));
    const [file] = await filesOf('41');
    expect(file).toMatchObject({ format: 'xlsx', status: 'PARTIAL', phase: 'DONE', rows: 300, rejectedRows: 3 });
    const found = (await protocolRows(file.protocolCsvKey)).map((r) => `${r['Строка']}:${r['Код']}`).sort();
    const expected = planInjections({ rows: 300, seed: 3, errors: xErrors }).map((i) => `${i.line}:${INJECTION_FLK_CODE[i.error]}`).sort();
    expect(found).toEqual(expected);
    expect((await api(`/v1/campaigns/${campaign.id}/regions/41/summary`, '41')).body.persons).toBe(297);
  });

  it('rejects a file with a wrong header and keeps the original', async () => {
    await put('39/insured/wrong-header.csv', iconv.encode('ENP;FAMILY;IM\n1;2;3\n', 'win1251'));
    const file = (await filesOf('39')).find((f) => f.name === 'wrong-header.csv');
    expect(file).toMatchObject({ status: 'REJECTED', phase: 'DONE' });
    const codes = (await protocolRows(file.protocolCsvKey)).map((r) => r['Код']);
    expect(codes).toContain('F003');
    const original = await s3.send(new GetObjectCommand({ Bucket: stack.endpoints.s3.buckets.inbox, Key: '39/insured/wrong-header.csv' }));
    expect(await original.Body!.transformToString()).toBe('ENP;FAMILY;IM\n1;2;3\n');
  });
});
