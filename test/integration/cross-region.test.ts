import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/stack.js';
import { loadCampaigns, loadReferenceData } from '../../shared/reference/load.js';
import { generateInsured, INSURED_COLUMNS } from '../../infra/local/testdata/generator.js';
import { apiOf } from '../support/http.js';
import { startTestStack, type TestStack } from '../support/stack.js';

/**
 * Persons in two regions (issue 12 item 7): region 77 loads its export, then region 23's export
 * carries three of 77's ЕНП. 23 takes none of them; each becomes a conflict both TFOMS and FOMS
 * see, excluded from 77's lists as MOVED (23 shows a later visit) or DUPLICATE; FOMS decides.
 */
const ref = loadReferenceData();
const campaign = loadCampaigns().find((c) => c.id === 'ud-2026')!;
const [ENP, DR, MO, LAST_VISIT, DDEATH] = [0, 6, 8, 11, 12];

let testStack: TestStack | undefined;
let stack: LocalStack;
let s3: S3Client;
const api = apiOf(() => testStack!);
const FOMS = { org: 'FOMS' };
const T77 = { org: '77' };
const T23 = { org: '23' };

const csv = (rows: string[][]) => iconv.encode([INSURED_COLUMNS.join(';'), ...rows.map((r) => r.join(';'))].join('\r\n') + '\r\n', 'win1251');
async function put(key: string, rows: string[][]) {
  await s3.send(new PutObjectCommand({ Bucket: stack.endpoints.s3.buckets.inbox, Key: key, Body: csv(rows) }));
  await stack.waitForIdle({ timeoutMs: 200_000 });
}
const exclusions = async (region: string): Promise<Record<string, number>> => {
  const summary = (await api(T77.org === region ? T77 : T23, 'GET', `/v1/campaigns/${campaign.id}/regions/${region}/summary`)).body;
  const counts: Record<string, number> = Object.fromEntries(summary.exclusions.map((e: { code: string; count: number }) => [e.code, e.count]));
  return { persons: summary.persons as number, ...counts };
};

// 77's persons taken into 23's export: adults, alive, attached in 77, last visit 10.01.2025 in 77.
const rows77 = [...generateInsured({ region: '77', rows: 40, seed: 71, ref })].map((g) => [...g.fields]);
const shared = rows77.filter((r) => !r[DDEATH] && Number(r[DR]!.slice(-4)) <= 1990 && r[MO]!.startsWith('77')).slice(0, 3);
for (const r of shared) r[LAST_VISIT] = '10.01.2025';
const [moved, duplicate, older] = shared.map((r) => r[ENP]!) as [string, string, string];
const rows23 = [...generateInsured({ region: '23', rows: 30, seed: 23, ref })].map((g) => [...g.fields]);
// 23's rows carry 77's ЕНП: a later visit (MOVED), no visit and an earlier one (DUPLICATE).
[moved, duplicate, older].forEach((enp, i) => {
  rows23[i]![ENP] = enp;
  rows23[i]![DDEATH] = '';
  rows23[i]![LAST_VISIT] = ['01.06.2026', '', '01.01.2024'][i]!;
});

describe('persons in two regions', { timeout: 300_000 }, () => {
  beforeAll(async () => {
    process.env.OMS_REGION_SHARDS = '2';
    testStack = await startTestStack('omsflow-regions-');
    ({ stack, s3 } = testStack);
    expect(shared).toHaveLength(3);
    await put('77/insured/export-77.csv', rows77);
  }, 260_000);

  afterAll(async () => {
    await testStack?.stop();
  });

  it('23’s export does not take 77’s persons: three conflicts, seen by both TFOMS and FOMS, excluded from 77’s lists by the rule', async () => {
    await put('23/insured/export-23.csv', rows23);
    const files = (await api(T23, 'GET', '/v1/regions/23/files')).body.files;
    expect(files[0]).toMatchObject({ phase: 'DONE', status: 'ACCEPTED', claimedFrom: ['77'] });

    const expected = [
      { enp: duplicate, exclusion: 'DUPLICATE', holder: { region: '77', lastVisit: '2025-01-10' }, claimant: { region: '23', lastVisit: null, line: 3 } },
      { enp: moved, exclusion: 'MOVED', holder: { region: '77', lastVisit: '2025-01-10' }, claimant: { region: '23', lastVisit: '2026-06-01', line: 2 } },
      { enp: older, exclusion: 'DUPLICATE', holder: { region: '77', lastVisit: '2025-01-10' }, claimant: { region: '23', lastVisit: '2024-01-01', line: 4 } },
    ].sort((a, b) => a.enp.localeCompare(b.enp));
    for (const [who, path] of [
      [T77, '/v1/regions/77/conflicts'],
      [T23, '/v1/regions/23/conflicts?status=open'],
      [FOMS, '/v1/conflicts'],
    ] as const) {
      const { status, body } = await api(who, 'GET', path);
      expect(status).toBe(200);
      expect(body.conflicts).toEqual(expected.map((e) => expect.objectContaining({ ...e, status: 'OPEN', holder: expect.objectContaining(e.holder), claimant: expect.objectContaining(e.claimant) })));
    }
    // Another region's TFOMS sees none of it; only FOMS lists every region's.
    expect((await api({ org: '39' }, 'GET', '/v1/regions/77/conflicts')).status).toBe(403);
    expect((await api(T23, 'GET', '/v1/conflicts')).status).toBe(403);
    expect((await api({ org: '39' }, 'GET', '/v1/regions/39/conflicts')).body.conflicts).toEqual([]);

    // 77 still holds every one of them; 23 has none of them.
    for (const enp of [moved, duplicate, older]) {
      const held = await api(T77, 'GET', `/v1/regions/77/persons/${enp}`);
      expect(held.body.person).toMatchObject({ region: '77', contestedBy: ['23'], lastVisit: '2025-01-10' });
      expect(held.body.groups.find((g: any) => g.campaignId === campaign.id).decision).toMatchObject({ eligible: false });
      expect((await api(T23, 'GET', `/v1/regions/23/persons/${enp}`)).status).toBe(404);
    }
    expect(await exclusions('77')).toMatchObject({ persons: 40, MOVED: 1, DUPLICATE: 2 });
    expect((await exclusions('23')).persons).toBe(27);
    // Each side's stage 1.6 shows the open conflicts by reason: 77 holds them, 23's rows were not loaded.
    const summary = async (who: { org: string }) => (await api(who, 'GET', `/v1/campaigns/${campaign.id}/regions/${who.org}/summary`)).body.conflicts;
    expect(await summary(T77)).toEqual({ asHolder: { MOVED: 1, DUPLICATE: 2 }, asClaimant: {} });
    expect(await summary(T23)).toEqual({ asHolder: {}, asClaimant: { MOVED: 1, DUPLICATE: 2 } });
  });

  it('a later 23 file carrying the same ЕНП refreshes the claims: still three, still not taken', async () => {
    const corrected = rows23.map((r) => [...r]);
    corrected[0]![7] = '+79990001122';
    await put('23/insured/export-23-v2.csv', corrected);
    const open = (await api(FOMS, 'GET', '/v1/conflicts?status=open')).body.conflicts;
    expect(open).toHaveLength(3);
    expect(new Set(open.map((c: any) => c.claimant.fileId)).size).toBe(1);
    expect((await api(T77, 'GET', `/v1/regions/77/persons/${moved}`)).body.person.region).toBe('77');
    expect((await exclusions('23')).persons).toBe(27);
  });

  it('a later 77 file updates its persons and keeps them contested: the conflict is not lost', async () => {
    const corrected = rows77.map((r) => [...r]);
    const row = corrected.find((r) => r[ENP] === duplicate)!;
    row[7] = '+79990003344';
    await put('77/insured/export-77-v2.csv', corrected);
    const person = (await api(T77, 'GET', `/v1/regions/77/persons/${duplicate}`)).body.person;
    expect(person).toMatchObject({ region: '77', phone: '+79990003344', contestedBy: ['23'] });
    expect(await exclusions('77')).toMatchObject({ persons: 40, MOVED: 1, DUPLICATE: 2 });
  });

  it('refuses bad decisions with a Russian 4xx and lets only FOMS decide', async () => {
    const resolve = (who: { org: string }, enp: string, body: unknown) => api(who, 'POST', `/v1/conflicts/${enp}/resolve`, body);
    const bad = [
      [FOMS, moved, { to: '7', comment: 'переехал' }, 400, /Поле to/],
      [FOMS, moved, { to: '39', comment: 'переехал' }, 400, /в регионе 77 или передать в регион 23/],
      [FOMS, moved, { to: '23' }, 400, /Поле comment/],
      [FOMS, '7700000000000001', { to: '23', comment: 'переехал' }, 404, /конфликта по ЕНП 7700000000000001 нет/],
      [FOMS, moved, { to: '23', claimant: '50', comment: 'переехал' }, 404, /региона 50/],
      [T23, moved, { to: '23', comment: 'переехал' }, 403, /[А-Я]/],
    ] as const;
    for (const [who, enp, body, status, message] of bad) {
      const answer = await resolve(who, enp, body);
      expect(answer.status).toBe(status);
      expect(answer.body.error.message).toMatch(message);
    }
    expect((await api(FOMS, 'GET', '/v1/conflicts?status=closed')).status).toBe(400);
    expect((await api(T77, 'GET', '/v1/regions/77/persons/' + moved)).body.person.region).toBe('77');
  });

  it('FOMS resolves: the moved person goes to 23 with 23’s data; a duplicate stays in 77 and returns to its lists', async () => {
    const toClaimant = await api(FOMS, 'POST', `/v1/conflicts/${moved}/resolve`, { to: '23', comment: 'Полис выдан СМО региона 23' });
    expect(toClaimant.status).toBe(200);
    expect(toClaimant.body.conflict).toMatchObject({ status: 'RESOLVED', resolution: { to: '23', org: 'FOMS', comment: 'Полис выдан СМО региона 23' } });
    const toHolder = await api(FOMS, 'POST', `/v1/conflicts/${duplicate}/resolve`, { to: '77', claimant: '23', comment: 'Ошибка в выгрузке региона 23' });
    expect(toHolder.status).toBe(200);
    await stack.waitForIdle({ timeoutMs: 120_000 });

    expect((await api(T77, 'GET', `/v1/regions/77/persons/${moved}`)).status).toBe(404);
    const arrived = (await api(T23, 'GET', `/v1/regions/23/persons/${moved}`)).body;
    expect(arrived.person).toMatchObject({ region: '23', mo: rows23[0]![MO], lastVisit: '2026-06-01', contestedBy: [] });
    expect(arrived.groups.find((g: any) => g.campaignId === campaign.id).decision.eligible).toBe(true);
    const stayed = (await api(T77, 'GET', `/v1/regions/77/persons/${duplicate}`)).body;
    expect(stayed.person).toMatchObject({ region: '77', contestedBy: [] });
    expect(stayed.groups.find((g: any) => g.campaignId === campaign.id).decision.eligible).toBe(true);

    expect(await exclusions('77')).toMatchObject({ persons: 39, DUPLICATE: 1 });
    expect((await exclusions('77')).MOVED).toBeUndefined();
    expect((await exclusions('23')).persons).toBe(28);
    expect((await api(T23, 'GET', `/v1/campaigns/${campaign.id}/regions/23/summary`)).body.conflicts).toEqual({ asHolder: {}, asClaimant: { DUPLICATE: 1 } });
    const resolved = (await api(T23, 'GET', '/v1/regions/23/conflicts?status=resolved')).body.conflicts;
    expect(resolved.map((c: any) => [c.enp, c.resolution.to]).sort()).toEqual([[duplicate, '77'], [moved, '23']].sort());
    // A decided conflict is not decided twice.
    expect((await api(FOMS, 'POST', `/v1/conflicts/${moved}/resolve`, { to: '77', comment: 'повторно' })).status).toBe(404);
    // Every decision is on record (personal data).
    const audit = (await api(FOMS, 'GET', '/v1/orgs/FOMS/audit')).body;
    expect(JSON.stringify(audit)).toContain('conflict-resolve');
  });
});
