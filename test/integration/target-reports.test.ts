import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoUserRequest } from '../../infra/local/demo-users.js';
import { startLocalStack, type LocalStack } from '../../infra/local/stack.js';
import { loadCampaigns, loadReferenceData } from '../../shared/reference/load.js';
import { generateInsured } from '../../infra/local/testdata/generator.js';
import { loadRegionLists } from '../support/stage1.js';
import { apiOf, download } from '../support/http.js';
import { approveBatch12 } from '../support/registry.js';

/**
 * Seed 002's targets and reporting calendar through the emulators: region 41 (Kamchatka, UTC+12)
 * gets an approved registry of batch 12 (stage 1 lists, forming, every MO returns its file, FOMS
 * forms, the TFOMS approves) → an SMO reports results in June and July 2021 → the TFOMS submits the
 * monthly report for 07.2021 → the XLSX read back with exceljs holds Мероприятие 4's share (persons
 * with a ХНИЗ under dispensary observation, from the export's DS_CHRONIC) and Мероприятие 5's (all
 * insured), cumulative by month, equal to an independent computation here. Then the clock at
 * 16.12.2026 13:00 UTC finds November 2026's report missing (due 15.12 24:00 Kamchatka time): a
 * violation; the report submitted, the duty is met and the violation resolved.
 */
const ref = loadReferenceData();
const campaign = loadCampaigns().find((c) => c.id === 'ud-2021')!;
const REGION = '41';
const ROWS = 1500;
const SEED = 4102;
const SMO = [...ref.smos.values()].filter((s) => s.region === REGION).map((s) => s.code).sort()[0]!;
const TREP = `/v1/regions/${REGION}/target-reports`;

const TFOMS: DemoUserRequest = { org: REGION };
const FOMS: DemoUserRequest = { org: 'FOMS' };

let stack: LocalStack;
let dataDir: string;
let s3: S3Client;
const api = apiOf(() => ({ stack, dataDir }));
const idle = () => stack.waitForIdle({ timeoutMs: 120_000 });

/** The export as generated (the same rows loadRegionLists sends): ЕНП → SMO, alive, dispensary. */
const exported = [...generateInsured({ region: REGION, rows: ROWS, seed: SEED, ref })].map((g) => ({
  enp: g.fields[0]!,
  smo: g.fields[9]!,
  alive: !g.fields[12],
  dispensary: (g.fields[10] ?? '').split(',').some((c) => c && ref.isDispensaryDisease(c.trim())),
}));
const byEnp = new Map(exported.map((p) => [p.enp, p]));
const denominators = (smo?: string) => {
  const mine = exported.filter((p) => p.alive && (!smo || p.smo === smo));
  return { insured: mine.length, dispensary: mine.filter((p) => p.dispensary).length };
};
const share = (n: number, d: number) => (d ? Math.round((n / d) * 10_000) / 10_000 : null);

function evaluateEvent(at: string) {
  const event = JSON.parse(readFileSync(new URL('../../events/obligations-evaluate.json', import.meta.url), 'utf8'));
  event.Records[0].body = JSON.stringify({ region: REGION, at });
  return event;
}

async function sheetRows(buffer: Buffer, name: string): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  const sheet = wb.getWorksheet(name)!;
  const rows: unknown[][] = [];
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

describe('seed 002 targets and reporting calendar through the emulators', { timeout: 300_000 }, () => {
  const planned: string[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'omsflow-target-reports-'));
    Object.assign(process.env, { OMS_REGION_SHARDS: '2', OMS_INFORMING_RECOMPUTE_DELAY_SECONDS: '0', OMS_INFORMING_INDEX_LAG_MS: '0' });
    stack = await startLocalStack({ dataDir, ports: { dynamodb: 0, s3: 0, sqs: 0, api: 0 }, schedules: false, visibilityTimeoutSeconds: 2, endpointsFile: null, log: () => undefined });
    s3 = new S3Client({ endpoint: stack.endpoints.s3.endpoint, forcePathStyle: true, region: stack.endpoints.region, credentials: stack.endpoints.credentials });
    await loadRegionLists({ stack, s3, ref, region: REGION, rows: ROWS, seed: SEED, referenceDate: campaign.referenceDate });

    await approveBatch12({
      api,
      idle,
      campaignId: campaign.id,
      region: REGION,
      examFrom: campaign.plan!.examWindow.from,
      onRow: (row) => void (row[7] === SMO && planned.push(row[1]!)),
    });
    expect(planned.filter((e) => byEnp.get(e)?.dispensary).length).toBeGreaterThan(3);
  }, 300_000);

  afterAll(async () => {
    await stack?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('the monthly report for 07.2021: both shares per region and SMO, cumulative by month, as the export and the results say', async () => {
    // Every other planned person informed: in June or July 2021; one only «unreachable»; one informed in August (after the period).
    const rows = planned.flatMap((enp, i) => {
      if (i % 2) return [];
      const date = i % 4 === 0 ? `2021-06-${String(22 + (i % 8)).padStart(2, '0')}` : `2021-07-${String(1 + (i % 28)).padStart(2, '0')}`;
      return [{ enp, date, channel: '03', result: i === 2 ? '2' : '1' }];
    });
    const late = planned[1]!;
    rows.push({ enp: late, date: '2021-08-02', channel: '01', result: '1' });
    const answer = await api({ org: SMO, authority: 'A', role: 'Ввод данных' }, 'POST', `/v1/orgs/${SMO}/informing-results/${campaign.id}`, { rows });
    expect(answer.status).toBe(200);
    expect(answer.body.rejected).toBe(0);
    await idle();
    expect((await api(TFOMS, 'GET', `/v1/campaigns/${campaign.id}/regions/${REGION}/informing-targets`)).status).toBe(200);
    await idle();

    // Independent computation: informed by month end, and those of them with a ХНИЗ under dispensary observation.
    const informed = rows.filter((r) => r.result === '1');
    const upTo = (to: string) => informed.filter((r) => r.date <= to);
    const june = upTo('2021-06-30');
    const july = upTo('2021-07-31');
    const disp = (list: typeof rows) => list.filter((r) => byEnp.get(r.enp)!.dispensary).length;
    const region = denominators();
    const smo = denominators(SMO);
    // Both kinds of person are among the informed, so the two shares can differ.
    expect(disp(july)).toBeGreaterThan(0);
    expect(disp(july)).toBeLessThan(july.length);

    expect((await api({ org: '410001' }, 'POST', `${TREP}/monthly/2021-07`)).status).toBe(403);
    const made = await api(TFOMS, 'POST', `${TREP}/monthly/2021-07`);
    expect(made.status).toBe(201);
    expect(made.body.report).toMatchObject({
      region: REGION,
      reportId: 'monthly',
      period: '2021-07',
      asOf: '2021-07-31',
      figures: { ...region, informed: july.length, dispensaryInformed: disp(july), shareInsured: share(july.length, region.insured), shareDispensary: share(disp(july), region.dispensary) },
    });

    const got = await api(TFOMS, 'GET', `${TREP}/monthly/2021-07`);
    expect(got.status).toBe(200);
    const xlsx = await download(got.body.report.url);
    const figures = await sheetRows(xlsx, 'Показатели');
    const total = figures.find((r) => r[0] === 'Итого по региону')!;
    expect(total).toEqual(['Итого по региону', region.insured, region.dispensary, disp(july), share(disp(july), region.dispensary), july.length, share(july.length, region.insured)]);
    const smoRow = figures.find((r) => String(r[0]).startsWith(`СМО ${SMO}`))!;
    expect(smoRow.slice(1)).toEqual([smo.insured, smo.dispensary, disp(july), share(disp(july), smo.dispensary), july.length, share(july.length, smo.insured)]);
    const months = await sheetRows(xlsx, 'Помесячно');
    expect(months.slice(1).map((r) => r[0])).toEqual(['2021-01', '2021-02', '2021-03', '2021-04', '2021-05', '2021-06', '2021-07']);
    expect(months[6]).toEqual(['2021-06', disp(june), share(disp(june), region.dispensary), june.length, share(june.length, region.insured)]);
    expect(months[7]).toEqual(['2021-07', disp(july), share(disp(july), region.dispensary), july.length, share(july.length, region.insured)]);
    expect(months[1]).toEqual(['2021-01', 0, 0, 0, 0]);
    // When the figures were computed: the region's clock, the zone named, never a raw ISO string.
    const definitions = await sheetRows(xlsx, 'Определения');
    for (const label of ['Сведения об информировании рассчитаны', 'Численность застрахованных рассчитана']) {
      expect(String(definitions.find((r) => r[0] === label)![1])).toMatch(/^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2} \(Asia\/Kamchatka, UTC\+12\)$/);
    }

    const audit = await api(TFOMS, 'GET', `/v1/orgs/${REGION}/audit`);
    expect(audit.body.entries?.some((e: any) => e.action === 'target-report-url') ?? audit.body.items?.some((e: any) => e.action === 'target-report-url')).toBe(true);
  });

  it('bad report paths are Russian 4xx, never 5xx', async () => {
    const bad = [
      [`${TREP}/monthly/2021-Q3`, 400, 'BAD_PERIOD', 'ГГГГ-ММ'],
      [`${TREP}/quarterly/2021-07`, 400, 'BAD_PERIOD', 'ГГГГ-Qn'],
      [`${TREP}/weekly/2021-07`, 404, 'REPORT_NOT_IN_CALENDAR', 'monthly, quarterly, yearly'],
      [`${TREP}/monthly/2099-01`, 409, 'PERIOD_NOT_REPORTABLE', 'можно представить с 01.02.2099'],
      [`${TREP}/monthly/2021-13`, 400, undefined, 'period'],
      [`${TREP}/yearly/9999`, 400, 'BAD_PERIOD', 'от 2000 до 2100'],
    ] as const;
    for (const [path, status, code, text] of bad) {
      const answer = await api(TFOMS, 'POST', path);
      expect({ path, status: answer.status }).toEqual({ path, status });
      if (code) expect(answer.body.error.code).toBe(code);
      expect(answer.body.error.message).toContain(text);
    }
    const missing = await api(TFOMS, 'GET', `${TREP}/quarterly/2021-Q3`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toContain('ещё не представлен');
  });

  it('a missed monthly report becomes a violation of the TFOMS on its own clock; submitted, the duty is met and the violation resolved', async () => {
    // 15.12.2026 24:00 in Kamchatka is 12:00 UTC: at 11:59 nothing is due yet, at 13:00 November's report is overdue.
    await stack.invoke('obligations-evaluate', evaluateEvent('2026-12-15T11:59:00.000Z'));
    const before = await api(TFOMS, 'GET', `/v1/regions/${REGION}/violations`);
    expect(before.body.violations.filter((v: any) => v.obligationId.startsWith('r.'))).toEqual([]);
    const open = (await api(TFOMS, 'GET', `/v1/regions/${REGION}/obligations`)).body.obligations.filter((o: any) => o.kind === 'periodic-report');
    expect(open.map((o: any) => o.id).sort()).toEqual(['r.monthly.2026-11.41', 'r.monthly.2026-12.41', 'r.quarterly.2026-Q4.41', 'r.yearly.2026.41']);
    expect(open.find((o: any) => o.id === 'r.monthly.2026-11.41')).toMatchObject({ dueDate: '2026-12-15', dueTime: '24:00', dueAt: '2026-12-15T12:00:00.000Z', party: { type: 'TFOMS', code: REGION } });

    await stack.invoke('obligations-evaluate', evaluateEvent('2026-12-15T13:00:00.000Z'));
    await idle();
    const violations = (await api(TFOMS, 'GET', `/v1/regions/${REGION}/violations`)).body.violations.filter((v: any) => v.obligationId.startsWith('r.'));
    expect(violations.map((v: any) => v.obligationId)).toEqual(['r.monthly.2026-11.41']);
    expect(violations[0]).toMatchObject({ party: { type: 'TFOMS', code: REGION }, evidence: 'отчёт за 2026-11 не представлен', dueLabel: '15.12.2026 24:00 (Asia/Kamchatka)' });
    expect(violations[0].title).toContain('Ежемесячный отчёт');
    const notes = (await api(TFOMS, 'GET', `/v1/orgs/${REGION}/notifications`)).body.notifications.filter((n: any) => n.obligationId === 'r.monthly.2026-11.41');
    expect(notes).toHaveLength(1);
    expect(notes[0].subject).toMatch(/^Нарушен срок: Ежемесячный отчёт/);

    // The TFOMS submits (today, on the real clock, is after 01.12.2026), and the next evaluation sees it.
    expect((await api(TFOMS, 'POST', `${TREP}/monthly/2026-11`)).status).toBe(201);
    await stack.invoke('obligations-evaluate', evaluateEvent('2026-12-15T13:15:00.000Z'));
    const after = (await api(TFOMS, 'GET', `/v1/regions/${REGION}/violations`)).body.violations.find((v: any) => v.obligationId === 'r.monthly.2026-11.41');
    expect(after.resolvedAt).toBeTruthy();
    const listed = await api(TFOMS, 'GET', `${TREP}`);
    expect(listed.status).toBe(200);
    expect(listed.body.calendar.reports.map((r: any) => r.id)).toEqual(['monthly', 'quarterly', 'yearly']);
    expect(listed.body.submitted.map((r: any) => `${r.reportId}/${r.period}`).sort()).toEqual(['monthly/2021-07', 'monthly/2026-11']);
  });
});
