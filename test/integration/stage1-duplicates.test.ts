import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoToken } from '../../infra/local/demo-users.js';
import type { LocalStack } from '../../infra/local/stack.js';
import { countDecision, emptyStats } from '../../shared/domain/group-stats.js';
import { assignPriorityGroup } from '../../shared/domain/groups.js';
import type { CovidCase, InsuredPerson } from '../../shared/domain/records.js';
import { checkInsuredHeader, makeInsuredRowValidator } from '../../shared/flk/insured.js';
import { makeEnp } from '../../shared/identifiers/enp.js';
import { formatSnils, makeSnils } from '../../shared/identifiers/snils.js';
import { loadCampaigns, loadReferenceData } from '../../shared/reference/load.js';
import { COVID_COLUMNS, generateInsured, INSURED_COLUMNS } from '../../infra/local/testdata/generator.js';
import { protocolRows } from '../support/stage1.js';
import { startTestStack, type TestStack } from '../support/stack.js';

/**
 * Real registries repeat what the generator keeps unique: СНИЛС shared by several persons, one
 * phone for a whole family or a call centre, one person under two ЕНП. Such an export loads with
 * warnings (R039–R041), and the groups are computed for every loaded person. The data is edited
 * here by hand and the expectations are counted here, not by the pipeline's code.
 */
const ref = loadReferenceData();
const campaign = loadCampaigns().find((c) => c.id === 'ud-2026')!;
const REGION = '39';
const [SS, FAM, PHONE, W, DR] = [1, 2, 7, 5, 6];

/** 600 generated rows, then: СНИЛС from a pool of 12, two shared phones (6 and 5 persons) and a
 * family phone (2), a person again under a new ЕНП (name in other case and with ё), a row again. */
function buildExport() {
  const rows = [...generateInsured({ region: REGION, rows: 600, seed: 21, ref })].map((g) => [...g.fields]);
  const pool = Array.from({ length: 12 }, (_, k) => makeSnils(String(200_300_400 + k * 1_013)));
  let withSnils = 0;
  rows.forEach((r, i) => {
    if (i < 300 && r[SS]) r[SS] = withSnils++ % 2 ? formatSnils(pool[withSnils % pool.length]!) : pool[withSnils % pool.length]!;
  });
  for (let i = 400; i < 406; i++) rows[i]![PHONE] = '+79990000001';
  for (let i = 410; i < 415; i++) rows[i]![PHONE] = i % 2 ? '8 (999) 000-00-02' : '+7 999 000 00 02';
  for (const i of [420, 421]) rows[i]![PHONE] = '+79990000003';
  const original = rows[450]!;
  original[FAM] = 'Фёдорова';
  const again = [...original];
  again[0] = makeEnp(REGION, toIso(original[DR]!), Number(original[W]) as 1 | 2, 99_999);
  again[FAM] = 'ФЕДОРОВА';
  rows.push(again, [...rows[460]!]);
  return { rows, pool };
}

const toIso = (ru: string) => ru.split('.').reverse().join('-');
const digits = (s: string) => s.replace(/\D/g, '');

/** Lines (header = 1) of the rows in groups of `key` of at least `min` members; rows with an already seen ЕНП skipped. */
function linesSharing(rows: string[][], key: (r: string[]) => string, min: number): number[] {
  const seen = new Set<string>();
  const groups = new Map<string, number[]>();
  rows.forEach((r, i) => {
    if (seen.has(r[0]!)) return;
    seen.add(r[0]!);
    const k = key(r);
    if (k) groups.set(k, [...(groups.get(k) ?? []), i + 2]);
  });
  return [...groups.values()].filter((g) => g.length >= min).flat();
}

let testStack: TestStack | undefined;
let stack: LocalStack;
let dataDir: string;
let s3: S3Client;

const csv = (header: readonly string[], rows: string[][]) => iconv.encode([header.join(';'), ...rows.map((r) => r.join(';'))].join('\r\n') + '\r\n', 'win1251');

async function put(key: string, body: Buffer) {
  await s3.send(new PutObjectCommand({ Bucket: stack.endpoints.s3.buckets.inbox, Key: key, Body: body }));
  await stack.waitForIdle({ timeoutMs: 280_000 });
}

async function api(path: string) {
  const token = await demoToken({ org: REGION }, dataDir);
  const res = await fetch(`${stack.endpoints.api.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return (await res.json()) as any;
}

describe('stage 1 with repeated СНИЛС, phones and persons', { timeout: 300_000 }, () => {
  const { rows, pool } = buildExport();
  // COVID-19 cases known only by СНИЛС: every person sharing one of these gets the case.
  const covid: CovidCase[] = pool.slice(0, 6).map((snils, k) => ({ snils, ds: 'U07.1', dateRecovery: k % 2 ? '2026-06-15' : '2026-11-10' }));

  beforeAll(async () => {
    // Small chunks: the repeats cross chunk borders.
    process.env.OMS_CHUNK_BYTES = String(16 * 1024);
    process.env.OMS_REGION_SHARDS = '2';
    testStack = await startTestStack('omsflow-dups-');
    ({ stack, dataDir, s3 } = testStack);
  }, 60_000);

  afterAll(async () => {
    await testStack?.stop();
  });

  it('loads the export with a warning on each repeat, and rejects only the repeated ЕНП', async () => {
    await put(`${REGION}/insured/export.csv`, csv(INSURED_COLUMNS, rows));
    const [file] = (await api(`/v1/regions/${REGION}/files`)).files;
    expect(file).toMatchObject({ phase: 'DONE', status: 'PARTIAL', rows: rows.length, rejectedRows: 1 });
    expect(file.chunkCount).toBeGreaterThan(2);

    const expected = [
      ...linesSharing(rows, (r) => digits(r[SS]!), 2).map((line) => `${line}:R039:SS`),
      ...linesSharing(rows, (r) => digits(r[PHONE]!).slice(-10), 5).map((line) => `${line}:R040:PHONE`),
      ...linesSharing(rows, (r) => [r[FAM], r[FAM + 1], r[FAM + 2], r[DR], r[W]].join('|').toUpperCase().replaceAll('Ё', 'Е'), 2).map(
        (line) => `${line}:R041:FAM,IM,OT,DR,W`,
      ),
      `${rows.length + 1}:R016:ENP`,
    ].sort();
    expect(expected.filter((e) => e.includes('R039')).length).toBeGreaterThan(100);
    expect(expected.filter((e) => e.includes('R040'))).toHaveLength(11);
    expect(expected.filter((e) => e.includes('R041'))).toEqual([`452:R041:FAM,IM,OT,DR,W`, `${rows.length}:R041:FAM,IM,OT,DR,W`]);

    const protocol = await protocolRows(stack, s3, file.protocolCsvKey);
    expect(protocol.map((r) => `${r['Строка']}:${r['Код']}:${r['Поле']}`).sort()).toEqual(expected);
    const sharedPhone = protocol.find((r) => r['Код'] === 'R040')!;
    expect(sharedPhone['Сообщение']).toMatch(/общий телефон: лиц с этим номером в файле — 6 /);
    expect(protocol.find((r) => r['Код'] === 'R041')!['Сообщение']).toContain(`строке ${rows.length}`);
  });

  it('computes the groups of every loaded person, COVID-19 cases matched by the shared СНИЛС', async () => {
    await put('federal/covid/register.csv', csv(COVID_COLUMNS, covid.map((c) => ['', c.snils!, c.ds, c.dateRecovery.split('-').reverse().join('.')])));

    const header = checkInsuredHeader([...INSURED_COLUMNS]);
    if (!header.ok) throw new Error('header');
    const validate = makeInsuredRowValidator({ region: REGION, ref, today: new Date().toISOString().slice(0, 10), columns: header.columns });
    const seen = new Set<string>();
    const persons: InsuredPerson[] = [];
    rows.forEach((fields, i) => {
      const { person } = validate(fields, i + 2);
      if (person && !seen.has(person.enp)) persons.push(person), seen.add(person.enp);
    });
    expect(persons).toHaveLength(rows.length - 1);
    const stats = emptyStats();
    for (const person of persons) {
      const cases = covid.filter((c) => c.snils === person.snils);
      countDecision(stats, person, assignPriorityGroup({ person, region: REGION, covid: cases, campaign, isChronic: (c) => ref.isChronicDisease(c) }));
    }

    const summary = await api(`/v1/campaigns/${campaign.id}/regions/${REGION}/summary`);
    expect(summary).toMatchObject({ computed: true, persons: persons.length, eligible: stats.eligible, byGroup: stats.byGroup });
    expect(summary.byGroup['1'] + summary.byGroup['2']).toBeGreaterThan(0);
    expect(Object.fromEntries(summary.exclusions.map((e: any) => [e.code, e.count]))).toEqual(stats.exclusions);
    expect(summary.errors).toEqual({ count: 0, persons: [] });
  });

  it('the same export put again under the same key is a DUPLICATE with its own record and protocol, and changes nothing', async () => {
    // s3rver keeps no versions: the second put has the first one's key and ETag, only its event differs.
    const before = await api(`/v1/campaigns/${campaign.id}/regions/${REGION}/summary`);
    const [first] = (await api(`/v1/regions/${REGION}/files`)).files.filter((f: any) => f.kind === 'insured');
    await put(`${REGION}/insured/export.csv`, csv(INSURED_COLUMNS, rows));
    const insured = (await api(`/v1/regions/${REGION}/files`)).files.filter((f: any) => f.kind === 'insured');
    expect(insured).toHaveLength(2);
    const again = insured.find((f: any) => f.fileId !== first.fileId);
    expect(again).toMatchObject({ phase: 'DONE', status: 'DUPLICATE', duplicateOf: first.fileId, key: first.key, etag: first.etag });
    const protocol = await protocolRows(stack, s3, again.protocolCsvKey);
    expect(protocol.map((r) => r['Код'])).toEqual(['F007']);
    expect(protocol[0]!['Сообщение']).toContain(first.fileId);
    expect(await api(`/v1/campaigns/${campaign.id}/regions/${REGION}/summary`)).toEqual(before);
  });
});
