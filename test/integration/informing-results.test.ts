import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoUserRequest } from '../../infra/local/demo-users.js';
import { startLocalStack, type LocalStack } from '../../infra/local/stack.js';
import { putResults, resultsOfPerson } from '../../shared/adapters/store/informing-results.js';
import { localDate } from '../../shared/domain/time.js';
import { loadCampaigns, loadReferenceData } from '../../shared/reference/load.js';
import { loadRegionLists } from '../support/stage1.js';
import { apiOf, download, xlsxRows } from '../support/http.js';
import { approveBatch12 } from '../support/registry.js';

/**
 * Informing results and the seed 002 targets (DOMAIN.md §3.7) through the emulators: region 41
 * (Kamchatka, UTC+12; three SMOs) gets an approved registry of batch 12 the way its users make it
 * (stage 1 lists, forming, every MO returns its filled file, FOMS forms the registry, the TFOMS
 * approves) → SMO 41001 reports by JSON, SMO 41003 by a windows-1251 CSV through a signed PUT URL,
 * both with injected errors that their answers list exactly → the figures of each SMO, the region
 * and FOMS equal an independent computation here → the same results again change nothing → a later
 * report for a person and day replaces the earlier one → persons not yet informed, XLSX reports.
 */
const ref = loadReferenceData();
const campaign = loadCampaigns().find((c) => c.id === 'ud-2021')!;
const REGION = '41';
const ZONE = ref.regions.get(REGION)!.timeZone;
const [SMO_A, SMO_B, SMO_C] = [...ref.smos.values()].filter((s) => s.region === REGION).map((s) => s.code).sort() as [string, string, string];
const RES = (smo: string) => `/v1/orgs/${smo}/informing-results/${campaign.id}`;
const TGT = (smo: string) => `/v1/orgs/${smo}/informing-targets/${campaign.id}`;
const REGION_TGT = `/v1/campaigns/${campaign.id}/regions/${REGION}/informing-targets`;
const DAY = 86_400_000;
const INFORMED_CHANNELS = new Set(['01', '02', '03', '04', '06', '07', '11']);

type Caller = DemoUserRequest;
const TFOMS: Caller = { org: REGION };
const FOMS: Caller = { org: 'FOMS' };

let stack: LocalStack;
let dataDir: string;
let s3: S3Client;

const api = apiOf(() => ({ stack, dataDir }));

const idle = () => stack.waitForIdle({ timeoutMs: 100_000 });

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const ru = (d: string) => `${d.slice(8, 10)}.${d.slice(5, 7)}.${d.slice(0, 4)}`;
const day = (n: number) => iso(Date.parse('2021-06-20T00:00:00Z') + n * DAY);

/** A person of the approved registry as the MO returned it. */
interface Person {
  enp: string;
  smo: string;
  group: string;
  mo: string;
  planned: boolean;
}
const persons = new Map<string, Person>();
const planned = (smo: string) => [...persons.values()].filter((p) => p.smo === smo && p.planned);

/** What the system should hold: the latest accepted report per person and day. */
const stored = new Map<string, { enp: string; date: string; channel: string; result: string }>();
const apply = (rows: Array<{ enp: string; date: string; channel: string; result: string }>) => {
  for (const r of rows) stored.set(`${r.enp}#${r.date}`, r);
};

/** The independent computation of DOMAIN.md §3.7's figures for one SMO. */
function expectedFigures(smo: string) {
  const mine = planned(smo);
  const firstInformed = new Map<string, string>();
  const lastResult = new Map<string, { date: string; result: string }>();
  for (const r of stored.values()) {
    const p = persons.get(r.enp);
    if (!p || p.smo !== smo || !p.planned) continue;
    if (r.result === '1' && INFORMED_CHANNELS.has(r.channel) && (!firstInformed.has(r.enp) || r.date < firstInformed.get(r.enp)!)) firstInformed.set(r.enp, r.date);
    if (!lastResult.has(r.enp) || r.date > lastResult.get(r.enp)!.date) lastResult.set(r.enp, r);
  }
  const figures = (subset: Person[]) => {
    const dates = subset.map((p) => firstInformed.get(p.enp)).filter((d): d is string => !!d).sort();
    const series: Array<{ date: string; informed: number }> = [];
    if (dates.length) {
      for (let t = Date.parse(`${dates[0]}T00:00:00Z`); t <= Date.parse(`${dates.at(-1)}T00:00:00Z`); t += DAY) {
        series.push({ date: iso(t), informed: dates.filter((d) => d <= iso(t)).length });
      }
    }
    const open: Record<string, number> = {};
    for (const p of subset) if (!firstInformed.has(p.enp)) open[lastResult.get(p.enp)?.result ?? 'none'] = (open[lastResult.get(p.enp)?.result ?? 'none'] ?? 0) + 1;
    return { persons: subset.length, informed: dates.length, share: subset.length ? Math.round((dates.length / subset.length) * 10_000) / 10_000 : null, series, open };
  };
  const groups = [...new Set(mine.map((p) => p.group))].sort();
  return {
    total: figures(mine),
    byGroup: Object.fromEntries(groups.map((g) => [g, figures(mine.filter((p) => p.group === g))])),
    notInformed: mine.filter((p) => !firstInformed.has(p.enp)).map((p) => p.enp).sort(),
  };
}

/** The comparable part of a Figures answer. */
const shape = (f: any) => ({ persons: f.persons, informed: f.informed, share: f.share, series: f.series?.map((p: any) => ({ date: p.date, informed: p.informed })), open: f.notInformedByLastResult });
const shapeOf = (view: any) => ({ total: shape(view.total), byGroup: Object.fromEntries(Object.entries(view.byGroup).map(([g, f]) => [g, shape(f)])) });
const expectedShape = (smo: string) => {
  const e = expectedFigures(smo);
  return { total: e.total, byGroup: e.byGroup };
};

async function protocolRows(view: any): Promise<{ summary: Map<string, string>; issues: Array<{ line: string; field: string; value: string; code: string; message: string }> }> {
  const text = (await download(view.protocol.csvUrl)).toString('utf8').replace(/^\uFEFF/, '');
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((l) => l.startsWith('Строка;'));
  const summary = new Map(lines.slice(0, start).filter(Boolean).map((l) => [l.split(';')[0]!, l.split(';').slice(1).join(';')]));
  const issues = lines
    .slice(start + 1)
    .filter(Boolean)
    .map((l) => {
      const f = l.split(';');
      return { line: f[0]!, field: f[1]!, value: f[2]!, code: f[3]!, message: f.slice(5).join(';') };
    });
  return { summary, issues };
}

async function uploadCsv(who: Caller, smo: string, body: Buffer) {
  const grant = await api(who, 'POST', `${RES(smo)}/uploads`, { size: body.length });
  expect(grant.status).toBe(201);
  const put = await fetch(grant.body.uploadUrl, { method: 'PUT', headers: { 'content-type': grant.body.headers['content-type'] }, body });
  expect(put.status).toBe(200);
  await idle();
  const uploads = await api(who, 'GET', `${RES(smo)}/uploads`);
  expect(uploads.status).toBe(200);
  const view = uploads.body.uploads.find((u: any) => grant.body.key.endsWith(u.name));
  expect(view).toBeDefined();
  return { grant: grant.body, view };
}

describe('informing results and targets (DOMAIN.md §3.7) through the emulators', { timeout: 120_000 }, () => {
  const today = () => localDate(new Date(), ZONE);
  let apiRows: Array<{ enp: string; date: string; channel: string; result: string }>;
  let csvBytes: Buffer;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'omsflow-informing-results-'));
    Object.assign(process.env, { OMS_REGION_SHARDS: '2', OMS_INFORMING_RECOMPUTE_DELAY_SECONDS: '0', OMS_INFORMING_INDEX_LAG_MS: '0' });
    stack = await startLocalStack({ dataDir, ports: { dynamodb: 0, s3: 0, sqs: 0, api: 0 }, schedules: false, visibilityTimeoutSeconds: 2, endpointsFile: null, log: () => undefined });
    s3 = new S3Client({ endpoint: stack.endpoints.s3.endpoint, forcePathStyle: true, region: stack.endpoints.region, credentials: stack.endpoints.credentials });
    await loadRegionLists({ stack, s3, ref, region: REGION, rows: 3000, seed: 41, referenceDate: campaign.referenceDate });

    // Stages 2–3: forming, every MO fills (every third person a refusal) and returns its file, registry, approval.
    await approveBatch12({
      api,
      idle,
      campaignId: campaign.id,
      region: REGION,
      examFrom: campaign.plan!.examWindow.from,
      refused: (r) => r % 3 === 0,
      onRow: (row, mo, r) => persons.set(row[1]!, { enp: row[1]!, group: row[6]!, smo: row[7]!, mo, planned: r % 3 !== 0 }),
    });
    for (const smo of [SMO_A, SMO_B, SMO_C]) expect(planned(smo).length, smo).toBeGreaterThan(20);
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('SMO A reports by JSON: valid rows are stored, each rejected row comes back with its field, rule and Russian message', async () => {
    const mine = planned(SMO_A);
    const channels = ['01', '02', '03', '04', '06', '07', '11'];
    // Two thirds get a day: mostly «informed», every fourth «unreachable»; every fifth of those a
    // second, later day. Dates on the SMO's clock, a few in ISO form.
    const valid = mine.slice(0, Math.floor((mine.length * 2) / 3)).flatMap((p, i) => {
      const first = { enp: p.enp, date: ru(day(i % 20)), channel: channels[i % channels.length]!, result: i % 4 === 3 ? '2' : '1' };
      return i % 5 === 0 ? [first, { enp: p.enp, date: day((i % 20) + 3), channel: '03', result: i % 2 ? '1' : '3' }] : [first];
    });
    const stranger = mine.at(-1)!;
    const otherSmo = planned(SMO_B)[0]!;
    const refusal = [...persons.values()].find((p) => p.smo === SMO_A && !p.planned)!;
    const badChecksum = stranger.enp.slice(0, 15) + String((Number(stranger.enp[15]) + 1) % 10);
    const tomorrow = iso(Date.parse(`${today()}T00:00:00Z`) + DAY);
    const bad = [
      { enp: badChecksum, date: ru(day(1)), channel: '01', result: '1' },
      { enp: otherSmo.enp, date: ru(day(1)), channel: '01', result: '1' },
      { enp: stranger.enp, date: ru(day(2)), channel: '05', result: '1' },
      { enp: stranger.enp, date: ru(day(3)), channel: '01', result: '7' },
      { enp: stranger.enp, date: ru(tomorrow), channel: '01', result: '1' },
      { enp: stranger.enp, date: '14.06.2021', channel: '01', result: '1' },
      { ...valid[0]!, result: '4' },
      { enp: refusal.enp, date: ru(day(4)), channel: '03', result: '1' },
      { enp: stranger.enp, date: '', channel: '03', result: '1' },
    ];
    apiRows = [...valid, ...bad];
    const answer = await api({ org: SMO_A, authority: 'A', role: 'Ввод данных' }, 'POST', RES(SMO_A), { rows: apiRows });
    expect(answer.status).toBe(200);
    const n = valid.length;
    expect(answer.body.rejectedRows.map((r: any) => [r.row, r.issues.map((i: any) => i.code)])).toEqual([
      [n + 1, ['R003']],
      [n + 2, ['R035']],
      [n + 3, ['R033']],
      [n + 4, ['R034']],
      [n + 5, ['R010']],
      [n + 6, ['R036']],
      [n + 7, ['R037']],
      [n + 8, ['R035']],
      [n + 9, ['R001']],
    ]);
    const [checksum, , channel, , future, early, duplicate, , empty] = answer.body.rejectedRows;
    expect(checksum.issues[0]).toMatchObject({ field: 'enp', value: badChecksum, message: expect.stringMatching(new RegExp(`^Строка ${n + 1}, поле enp: значение «${badChecksum}» — контрольная`)) });
    expect(channel.issues[0].message).toContain('допустимы: 01 SMS-сообщение, 02 Электронная почта');
    expect(future.issues[0].message).toContain(`позже дня получения файла (${ru(today())})`);
    expect(early.issues[0].message).toContain('партия 12 начата 15.06.2021');
    expect(duplicate.issues[0]).toMatchObject({ field: 'enp, date', message: expect.stringContaining('уже есть строка 1') });
    expect(empty.issues[0]).toMatchObject({ field: 'date', code: 'R001' });
    expect(answer.body).toMatchObject({ received: n + bad.length, accepted: n, rejected: bad.length, stored: n, unchanged: 0 });
    apply(valid.map((r) => ({ ...r, date: r.date.includes('.') ? `${r.date.slice(6)}-${r.date.slice(3, 5)}-${r.date.slice(0, 2)}` : r.date })));
  });

  it('SMO B sends a windows-1251 CSV through a signed PUT URL: the protocol lists exactly the injected errors, the rest is loaded', async () => {
    const mine = planned(SMO_B);
    const B = { org: SMO_B };
    const lines: string[][] = [];
    const expected: Array<[number, string]> = [];
    const good: Array<{ enp: string; date: string; channel: string; result: string }> = [];
    mine.slice(0, Math.floor(mine.length * 0.7)).forEach((p, i) => {
      const row = { enp: p.enp, date: day(5 + (i % 25)), channel: ['03', '01', '11'][i % 3]!, result: i % 6 === 5 ? '4' : '1' };
      lines.push([row.enp, ru(row.date), row.channel, row.result]);
      good.push(row);
    });
    const stranger = mine.at(-1)!;
    const inject = (fields: string[], code: string) => {
      lines.push(fields);
      expected.push([lines.length + 1, code]);
    };
    inject([stranger.enp.slice(0, 15) + String((Number(stranger.enp[15]) + 3) % 10), ru(day(1)), '01', '1'], 'R003');
    inject([planned(SMO_A)[0]!.enp, ru(day(1)), '01', '1'], 'R035');
    inject([stranger.enp, ru(day(2)), 'СМС', '1'], 'R033');
    inject([stranger.enp, ru(day(3)), '01', 'да'], 'R034');
    inject([stranger.enp, ru(iso(Date.parse(`${today()}T00:00:00Z`) + 2 * DAY)), '01', '1'], 'R010');
    inject([stranger.enp, '01.06.2021', '01', '1'], 'R036');
    inject([good[3]!.enp, ru(good[3]!.date), '07', '2'], 'R037');
    inject([stranger.enp, '31.02.2021', '01', '1'], 'R009');
    inject([stranger.enp, ru(day(6)), '01'], 'R017');
    csvBytes = iconv.encode(['ENP;DATE_INF;CHANNEL;RESULT', ...lines.map((l) => l.join(';'))].join('\r\n') + '\r\n', 'win1251');

    const { grant, view } = await uploadCsv(B, SMO_B, csvBytes);
    const url = new URL(grant.uploadUrl);
    expect(decodeURIComponent(url.pathname)).toMatch(new RegExp(`^/${stack.endpoints.s3.buckets.inbox}/${REGION}/smo/${SMO_B}/results/${campaign.id}/ir-[0-9TZ]{16}-[0-9a-f]{8}\\.csv$`));
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('content-length;content-type;host');
    expect(view).toMatchObject({ status: 'PARTIAL', rows: lines.length, rejectedRows: expected.length, acceptedRows: good.length, stored: good.length, unchanged: 0 });
    const protocol = await protocolRows(view);
    expect(protocol.issues.map((i) => [Number(i.line), i.code])).toEqual(expected);
    expect(protocol.summary.get('Кодировка')).toBe('windows-1251');
    expect(protocol.summary.get('Отправитель')).toBe(`СМО ${SMO_B}`);
    expect(protocol.issues.find((i) => i.code === 'R033')).toMatchObject({ field: 'CHANNEL', value: 'СМС' });
    expect(protocol.issues.find((i) => i.code === 'R037')!.message).toContain(`уже есть строка ${good.indexOf(good[3]!) + 2}`);
    // The TFOMS sees the file among the region's received files.
    const files = await api(TFOMS, 'GET', `/v1/regions/${REGION}/files`);
    expect(files.body.files.find((f: any) => f.fileId === view.fileId)).toMatchObject({ kind: 'informing', status: 'PARTIAL' });
    apply(good);
  });

  it('the figures of each SMO, the region and FOMS equal an independent computation, by group and cumulative by date', async () => {
    // SMO C reported nothing: its first read queues its figures.
    expect((await api(TFOMS, 'GET', REGION_TGT)).status).toBe(200);
    await idle();
    for (const smo of [SMO_A, SMO_B, SMO_C]) {
      const view = await api({ org: smo, authority: 'B', role: 'Просмотр' }, 'GET', TGT(smo));
      expect(view.status).toBe(200);
      expect(view.body.batches).toEqual([expect.objectContaining({ batch: '12', state: 'CURRENT' }), expect.objectContaining({ batch: '34', state: 'NOT_APPROVED' })]);
      expect(shapeOf(view.body), smo).toEqual(expectedShape(smo));
    }
    expect(expectedFigures(SMO_A).total.informed).toBeGreaterThan(10);
    expect(expectedFigures(SMO_C).total).toMatchObject({ informed: 0, share: 0 });
    const region = (await api(TFOMS, 'GET', REGION_TGT)).body;
    const sum = (k: 'persons' | 'informed') => [SMO_A, SMO_B, SMO_C].reduce((n, s) => n + expectedFigures(s).total[k], 0);
    expect(region.total).toMatchObject({ persons: sum('persons'), informed: sum('informed') });
    expect(region.bySmo.map((s: any) => [s.smo, s.total.persons, s.total.informed])).toEqual([SMO_A, SMO_B, SMO_C].map((s) => [s, expectedFigures(s).total.persons, expectedFigures(s).total.informed]));
    const lastDay = region.total.series.at(-1);
    expect(lastDay.informed).toBe(sum('informed'));
    const federal = await api(FOMS, 'GET', `/v1/campaigns/${campaign.id}/informing-targets`);
    expect(federal.body.byRegion.map((r: any) => [r.region, r.total.persons, r.total.informed])).toEqual([[REGION, sum('persons'), sum('informed')]]);
    // Access: another SMO's figures and another region's are out of reach.
    expect((await api({ org: SMO_B }, 'GET', TGT(SMO_A))).status).toBe(403);
    expect((await api({ org: '23' }, 'GET', REGION_TGT)).status).toBe(403);
    expect((await api(TFOMS, 'GET', `/v1/campaigns/${campaign.id}/informing-targets`)).status).toBe(403);
  });

  it('re-sending the same results changes nothing: the JSON rows are unchanged, the same file is a DUPLICATE (F007)', async () => {
    const before = await Promise.all([SMO_A, SMO_B].map(async (s) => shapeOf((await api({ org: s }, 'GET', TGT(s))).body)));
    const again = await api({ org: SMO_A }, 'POST', RES(SMO_A), { rows: apiRows });
    expect(again.body).toMatchObject({ stored: 0, unchanged: again.body.accepted });
    const { view } = await uploadCsv({ org: SMO_B }, SMO_B, csvBytes);
    expect(view.status).toBe('DUPLICATE');
    expect((await protocolRows(view)).issues.map((i) => i.code)).toEqual(['F007']);
    await idle();
    const after = await Promise.all([SMO_A, SMO_B].map(async (s) => shapeOf((await api({ org: s }, 'GET', TGT(s))).body)));
    expect(after).toEqual(before);
    // Refused: another SMO's results, and a viewer reporting.
    expect((await api({ org: SMO_B }, 'POST', RES(SMO_A), { rows: apiRows.slice(0, 1) })).status).toBe(403);
    const viewer = await api({ org: SMO_A, authority: 'A', role: 'Просмотр' }, 'POST', RES(SMO_A), { rows: apiRows.slice(0, 1) });
    expect([viewer.status, viewer.body.error.code]).toEqual([403, 'MISSING_ROLE']);
  });

  it('a later report for the same person and day replaces the earlier one, never doubles it', async () => {
    // A person informed on one day only, whose report becomes «wrong contact».
    const days = [...stored.values()].filter((r) => persons.get(r.enp)?.smo === SMO_A);
    const once = days.find((r) => r.result === '1' && days.filter((d) => d.enp === r.enp).length === 1)!;
    const before = expectedFigures(SMO_A);
    const answer = await api({ org: SMO_A }, 'POST', RES(SMO_A), { rows: [{ enp: once.enp, date: once.date, channel: '03', result: 4 }] });
    expect(answer.body).toMatchObject({ accepted: 1, stored: 1, rejected: 0 });
    apply([{ ...once, channel: '03', result: '4' }]);
    await idle();
    const view = (await api({ org: SMO_A }, 'GET', TGT(SMO_A))).body;
    expect(shapeOf(view)).toEqual(expectedShape(SMO_A));
    expect(view.total.informed).toBe(before.total.informed - 1);
    expect(view.total.notInformedByLastResult['4']).toBe((before.total.open['4'] ?? 0) + 1);

    // The persons not yet informed, page by page: exactly the independent list, with the last attempt.
    const seen: any[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await api({ org: SMO_A }, 'GET', `${TGT(SMO_A)}/not-informed?batch=12&limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.persons);
      cursor = page.body.cursor;
    } while (cursor);
    expect(seen.map((p) => p.enp).sort()).toEqual(expectedFigures(SMO_A).notInformed);
    expect(seen.find((p) => p.enp === once.enp)).toMatchObject({ lastAttempt: { date: once.date, channel: '03', result: '4', resultName: 'Неверные контактные данные' }, fio: expect.stringMatching(/\S+ \S+/) });
    const audit = await api(TFOMS, 'GET', `/v1/orgs/${SMO_A}/audit`);
    expect(audit.body.items.map((a: any) => a.action)).toContain('informing-not-informed');
  });

  it('XLSX reports for the SMO, the region and FOMS are written to the outbox and handed out by short signed links', async () => {
    const A = { org: SMO_A };
    expect((await api(A, 'GET', `${TGT(SMO_A)}/report`)).status).toBe(404);
    expect((await api(A, 'POST', `${TGT(SMO_A)}/report`)).status).toBe(202);
    expect((await api(TFOMS, 'POST', `${REGION_TGT}/report`)).status).toBe(202);
    expect((await api(FOMS, 'POST', `/v1/campaigns/${campaign.id}/informing-targets/report`)).status).toBe(202);
    await idle();
    const expected = expectedFigures(SMO_A);

    const smoReport = await api(A, 'GET', `${TGT(SMO_A)}/report`);
    expect(smoReport.body.report).toMatchObject({ state: 'READY', expiresInSeconds: 300 });
    expect(decodeURIComponent(new URL(smoReport.body.report.url).pathname)).toMatch(new RegExp(`/${REGION}/smo/${SMO_A}/informing-reports/${campaign.id}/`));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await download(smoReport.body.report.url)) as unknown as ArrayBuffer);
    const figures = workbook.getWorksheet('Показатели')!;
    const total = figures.getRows(1, figures.rowCount)!.find((r) => r.getCell(1).value === 'Итого')!;
    expect([total.getCell(2).value, total.getCell(3).value]).toEqual([expected.total.persons, expected.total.informed]);
    const open = workbook.getWorksheet('Не проинформированы')!;
    expect(open.rowCount - 1).toBe(expected.notInformed.length);
    const series = workbook.getWorksheet('Нарастающим итогом')!;
    expect(series.getRow(series.rowCount).getCell(2).value).toBe(expected.total.informed);
    // Dates are date cells in the Russian format, not text.
    expect([series.getRow(2).getCell(1).type, series.getRow(2).getCell(1).numFmt]).toEqual([ExcelJS.ValueType.Date, 'dd.mm.yyyy']);
    if (open.rowCount > 1) expect([open.getRow(2).getCell(8).type, open.getRow(2).getCell(8).numFmt]).toEqual([ExcelJS.ValueType.Date, 'dd.mm.yyyy']);

    const regionReport = await api(TFOMS, 'GET', `${REGION_TGT}/report`);
    expect(regionReport.body.report.state).toBe('READY');
    const regionRows = await xlsxRows(await download(regionReport.body.report.url));
    expect(regionRows.find((r) => r[0] === 'Итого по региону')!.slice(1, 3)).toEqual([
      String([SMO_A, SMO_B, SMO_C].reduce((n, s) => n + expectedFigures(s).total.persons, 0)),
      String([SMO_A, SMO_B, SMO_C].reduce((n, s) => n + expectedFigures(s).total.informed, 0)),
    ]);
    const federalReport = await api(FOMS, 'GET', `/v1/campaigns/${campaign.id}/informing-targets/report`);
    expect(federalReport.body.report.state).toBe('READY');
  });
  it('reports of one person and day arriving out of order: the latest report stays, whatever came between', async () => {
    const day = { enp: '4100000000000999', campaignId: 'ud-order-test', date: '2026-12-10', region: REGION, batch: '12' as const, smo: '41001', mo: '410001', group: 1, source: 'api' as const, line: 1 };
    const report = (at: string, channel: string, result: string) => ({ ...day, channel, result, receivedAt: at, order: `${at}#req-${at}`, sourceId: `req-${at}` });
    const a = report('2026-12-10T08:00:00.000Z', '03', '2');
    const b = report('2026-12-10T09:00:00.000Z', '01', '1');
    const c = report('2026-12-10T10:00:00.000Z', '03', '2');
    expect(await putResults([a])).toEqual({ stored: 1, unchanged: 0 });
    expect(await putResults([c])).toEqual({ stored: 0, unchanged: 1 }); // says what A said
    expect(await putResults([b])).toEqual({ stored: 0, unchanged: 1 }); // late, and older than C
    expect(await putResults([c])).toEqual({ stored: 1, unchanged: 0 }); // C itself again (a rerun)
    const stored = (await resultsOfPerson(day.enp, day.campaignId)).map((r) => [r.channel, r.result, r.order]);
    expect(stored).toEqual([['03', '2', c.order]]);
  });
});
