import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoUserRequest } from '../../infra/local/demo-users.js';
import { startLocalStack, type LocalStack } from '../../infra/local/stack.js';
import { receiptsOf, receiptsOfDay, recordAccepted } from '../../shared/adapters/store/hospitalization.js';
import { loadProductionCalendar } from '../../shared/calendar/load.js';
import { submissionToCsv } from '../../shared/hospitalization/csv.js';
import { addDays } from '../../shared/domain/groups.js';
import { dueInstantOf, horizonOf, reportingDay } from '../../shared/hospitalization/day.js';
import { makeEnp } from '../../shared/identifiers/enp.js';
import { loadReferenceData } from '../../shared/reference/load.js';
import { publishComplianceReport } from '../../shared/services/hospitalization/compliance.js';
import { submitJson } from '../../shared/services/hospitalization/submissions.js';
import { apiOf, download, xlsxRows } from '../support/http.js';
import { readXlsxSheetRows } from '../../shared/files/xlsx.js';
import { Readable } from 'node:stream';

/**
 * The planned-hospitalization resource (DOMAIN.md §4, seed 004) through the emulators, region 39
 * (Kaliningrad, UTC+2): hospitals submit JSON (valid; invalid with the exact findings; a
 * replacement; an identical resend), a polyclinic sends its CSV through a signed PUT URL with an
 * injected error and gets a ФЛК protocol listing it, then the corrected file; a referring doctor
 * and the TFOMS look for free beds across the region; the compliance report of a day lists on
 * time, late and missing MOs (read back from the XLSX).
 */
const ref = loadReferenceData();
const REGION = '39';
const ZONE = ref.regions.get(REGION)!.timeZone;
const HOSPITAL = '390001'; // day hospital + specialized: §263 and §264
const CITY = '390005'; // every kind of care
const POLYCLINIC = '390013'; // primary care only: §264
const TFOMS: DemoUserRequest = { org: REGION };
const SUB = (mo: string) => `/v1/orgs/${mo}/hospitalization/submissions`;
const BEDS = `/v1/regions/${REGION}/hospitalization/free-beds`;

let stack: LocalStack;
let dataDir: string;

const api = apiOf(() => ({ stack, dataDir }));

/** The issue lines of a ФЛК protocol CSV: [line, field, code]. */
async function protocolIssues(url: string): Promise<Array<[string, string, string, string]>> {
  const lines = (await download(url)).toString('utf8').replace(/^\uFEFF/, '').split(/\r?\n/);
  const start = lines.findIndex((l) => l.startsWith('Строка;'));
  return lines.slice(start + 1).filter(Boolean).map((l) => {
    const f = l.split(';');
    return [f[0]!, f[1]!, f[3]!, f.slice(5).join(';')];
  });
}

const enp = (n: number) => makeEnp('39', '1970-01-01', n % 2 ? 1 : 2, 100 + n);

describe('planned-hospitalization resource (DOMAIN.md §4) through the emulators', { timeout: 120_000 }, () => {
  // The reporting day of the real clock on the region's own zone.
  let today: string;
  let forDate: string;
  let horizon: string[];
  const hospitalDay = () => ({
    mo: HOSPITAL,
    forDate,
    freeBeds: [
      { profile: '19', date: horizon[0]!, free: 4, releaseDate: forDate },
      { profile: '19', date: horizon[3]!, free: 6, releaseDate: horizon[2]! },
      { profile: '61', date: horizon[0]!, free: 0 },
    ],
    hospitalized: [{ enp: enp(1), profile: '19', referringMo: POLYCLINIC, admissionDate: forDate }],
    emergency: [{ enp: enp(2), profile: '61', admissionDate: forDate }],
    notHospitalized: [{ enp: enp(3), profile: '19', plannedDate: forDate, reason: '01', referringMo: POLYCLINIC }],
    referredIn: [{ enp: enp(4), profile: '19', referringMo: POLYCLINIC, hospitalizationDate: horizon[4]! }],
    referralsIssued: [],
  });
  const cityDay = () => ({ ...hospitalDay(), mo: CITY, freeBeds: [{ profile: '19', date: horizon[0]!, free: 2, releaseDate: horizon[0]! }, { profile: '22', date: horizon[0]!, free: 7, releaseDate: forDate }] });
  const polyclinicDay = () => ({
    mo: POLYCLINIC,
    forDate,
    referralsIssued: [
      { enp: enp(5), profile: '19', targetMo: HOSPITAL, hospitalizationDate: horizon[2]!, dischargeDate: horizon[6]! },
      { enp: enp(6), profile: '61', targetMo: CITY, hospitalizationDate: horizon[1]! },
    ],
  });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'omsflow-hospitalization-'));
    // Today's horizon on the real clock; in late December it reaches a year whose decree may not be
    // loaded: the calendar is then provisional (art. 112 ТК РФ), see test/integration/calendar.test.ts.
    stack = await startLocalStack({ dataDir, ports: { dynamodb: 0, s3: 0, sqs: 0, api: 0 }, schedules: false, visibilityTimeoutSeconds: 2, endpointsFile: null, log: () => undefined });
    ({ today, forDate } = reportingDay(new Date(), ZONE));
    horizon = horizonOf(loadProductionCalendar(), today);
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('hospitals submit JSON: a valid day is accepted; an invalid one comes back whole with the exact findings', async () => {
    const ok = await api({ org: HOSPITAL }, 'POST', SUB(HOSPITAL), hospitalDay());
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'ACCEPTED', outcome: 'created', version: 1, forDate, counts: { freeBeds: 3, hospitalized: 1, referralsIssued: 0 }, issues: [] });

    const clerk = { org: CITY, authority: 'A', role: 'Ввод данных' };
    const bad: any = cityDay();
    bad.freeBeds.push({ profile: '19', date: horizon[0], free: 1, releaseDate: forDate }); // repeat of profile and day
    bad.freeBeds.push({ profile: '19', date: addDays(horizon.at(-1)!, 1), free: 1, releaseDate: forDate }); // after the horizon
    bad.hospitalized[0].enp = enp(1).slice(0, 15) + String((Number(enp(1)[15]) + 1) % 10);
    bad.notHospitalized[0].reason = '99';
    bad.emergency[0].profile = '999';
    delete bad.referredIn;
    const rejected = await api(clerk, 'POST', SUB(CITY), bad);
    expect(rejected.status).toBe(422);
    expect(rejected.body.issues.map((i: any) => [i.field, i.code])).toEqual([
      ['freeBeds[2]', 'H016'],
      ['freeBeds[3].date', 'H009'],
      ['hospitalized[0].enp', 'H013'],
      ['emergency[0].profile', 'H011'],
      ['notHospitalized[0].reason', 'H015'],
      ['referredIn', 'H005'],
    ]);
    expect(rejected.body.issues.find((i: any) => i.code === 'H005')).toMatchObject({
      row: null,
      message: 'Поле referredIn: нет обязательного раздела «д) получили направление в МО»; если событий не было, передайте раздел пустым (H005)',
    });
    expect(rejected.body.issues.find((i: any) => i.code === 'H009')).toMatchObject({ section: 'freeBeds', row: 4 });
    expect(rejected.body).toMatchObject({ status: 'REJECTED', outcome: 'rejected', version: 0, firstAcceptedAt: null });
    // A viewer may not submit, nor may another MO for this one.
    expect((await api({ org: CITY, authority: 'A', role: 'Просмотр' }, 'POST', SUB(CITY), cityDay())).status).toBe(403);
    expect((await api({ org: HOSPITAL }, 'POST', SUB(CITY), cityDay())).status).toBe(403);
  });

  it('a corrected day replaces nothing first, then a changed one replaces the content; an identical resend changes nothing', async () => {
    const clerk = { org: CITY, authority: 'B', role: 'Утверждение' };
    const first = await api(clerk, 'POST', SUB(CITY), cityDay());
    expect(first.body).toMatchObject({ status: 'ACCEPTED', outcome: 'created', version: 1 });
    const changed = cityDay();
    changed.freeBeds[0]!.free = 3;
    const replaced = await api(clerk, 'POST', SUB(CITY), changed);
    expect(replaced.body).toMatchObject({ status: 'ACCEPTED', outcome: 'replaced', version: 2, firstAcceptedAt: first.body.firstAcceptedAt });
    const again = await api(clerk, 'POST', SUB(CITY), changed);
    expect(again.body).toMatchObject({ status: 'ACCEPTED', outcome: 'unchanged', version: 2 });
    // A rejected one afterwards leaves the accepted content in force.
    const late = await api(clerk, 'POST', SUB(CITY), { ...changed, freeBeds: [{ profile: '19', date: horizon[0], free: -2, releaseDate: forDate }] });
    expect(late.status).toBe(422);

    const receipts = await api({ org: CITY, authority: 'A', role: 'Просмотр' }, 'GET', SUB(CITY));
    expect(receipts.status).toBe(200);
    expect(receipts.body.days).toEqual([
      expect.objectContaining({ forDate, status: 'ACCEPTED', version: 2, received: 4, lastOutcome: 'REJECTED', firstAcceptedAt: first.body.firstAcceptedAt, source: 'api', counts: expect.objectContaining({ freeBeds: 2 }) }),
    ]);
    const day = (await receiptsOfDay(REGION, forDate)).get(CITY);
    expect(day).toEqual({ status: 'ACCEPTED', firstAcceptedAt: first.body.firstAcceptedAt, lastReceivedAt: late.body.receivedAt });
  });

  it('the polyclinic sends a CSV through a signed PUT URL: the protocol lists the injected error; the corrected file is accepted; the same file again is a DUPLICATE', async () => {
    const clerk = { org: POLYCLINIC, authority: 'A', role: 'Ввод данных' };
    const send = async (bytes: Buffer) => {
      const grant = await api(clerk, 'POST', `/v1/orgs/${POLYCLINIC}/hospitalization/uploads`, { size: bytes.length });
      expect(grant.status).toBe(201);
      expect(new URL(grant.body.uploadUrl).searchParams.get('X-Amz-SignedHeaders')).toBe('content-length;content-type;host');
      expect(grant.body.key).toMatch(new RegExp(`^${REGION}/mo/${POLYCLINIC}/hospitalization/hs-[0-9TZ]{16}-[0-9a-f]{8}\\.csv$`));
      const put = await fetch(grant.body.uploadUrl, { method: 'PUT', headers: { 'content-type': grant.body.headers['content-type'] }, body: bytes });
      expect(put.status).toBe(200);
      await stack.waitForIdle({ timeoutMs: 60_000 });
      const list = await api(clerk, 'GET', SUB(POLYCLINIC));
      const file = list.body.files.find((f: any) => grant.body.key.endsWith(f.name));
      expect(file).toBeDefined();
      return { file, list: list.body };
    };
    const good = submissionToCsv(polyclinicDay());
    const lines = good.split('\r\n');
    const target = lines.findIndex((l) => l.includes(HOSPITAL)) + 1; // physical line of the first referral
    const broken = good.replace(`;${HOSPITAL};`, ';399999;');
    const first = await send(iconv.encode(broken, 'win1251'));
    expect(first.file).toMatchObject({ status: 'REJECTED', outcome: 'rejected', forDate, errors: 1 });
    const issues = await protocolIssues(first.file.protocol.csvUrl);
    expect(issues).toEqual([[String(target), 'MO_HOSP', 'H014', `Строка ${target}, поле MO_HOSP: значение «399999» — код МО не найден в реестре медицинских организаций (F003) (H014)`]]);

    const bytes = Buffer.from(good, 'utf8');
    const second = await send(bytes);
    expect(second.file).toMatchObject({ status: 'ACCEPTED', outcome: 'created', errors: 0 });
    expect(second.list.days[0]).toMatchObject({ forDate, status: 'ACCEPTED', source: 'file', version: 1, counts: { referralsIssued: 2 } });
    expect(await protocolIssues(second.file.protocol.csvUrl)).toEqual([]);
    const third = await send(bytes);
    expect(third.file).toMatchObject({ status: 'DUPLICATE', outcome: 'unchanged' });
    expect((await protocolIssues(third.file.protocol.csvUrl)).map((i) => i[2])).toEqual(['F007']);
    expect(third.list.days[0]).toMatchObject({ version: 1, received: second.list.days[0].received });
    // The TFOMS sees the files among the region's received files; reading protocol links was audited.
    const files = await api(TFOMS, 'GET', `/v1/regions/${REGION}/files`);
    expect(files.body.files.filter((f: any) => f.kind === 'hospitalization').map((f: any) => f.status).sort()).toEqual(['ACCEPTED', 'DUPLICATE', 'REJECTED']);
    const audit = await api(TFOMS, 'GET', `/v1/orgs/${POLYCLINIC}/audit`);
    expect(audit.body.items.map((a: any) => a.action)).toEqual(expect.arrayContaining(['protocol-url', 'hospitalization-upload-url']));
  });

  it('a referring doctor and the TFOMS find free beds by profile across the region; other regions and SMOs may not look', async () => {
    const doctor = { org: POLYCLINIC, authority: 'A', role: 'Просмотр' };
    const cardio = await api(doctor, 'GET', `${BEDS}?profile=19&date=${horizon[0]}`);
    expect(cardio.status).toBe(200);
    expect(cardio.body.beds.map((b: any) => [b.mo, b.free, b.releaseDate])).toEqual([
      [HOSPITAL, 4, forDate],
      [CITY, 3, horizon[0]],
    ]);
    expect(cardio.body.totals).toEqual([{ profile: '19', profileName: 'Кардиологические для взрослых', free: 7, mos: 2 }]);
    const all = await api(TFOMS, 'GET', `${BEDS}?date=${horizon[0]}`);
    expect(all.body.beds.map((b: any) => [b.profile, b.mo, b.free])).toEqual([
      ['19', HOSPITAL, 4],
      ['19', CITY, 3],
      ['22', CITY, 7],
    ]);
    const later = await api(TFOMS, 'GET', `${BEDS}?date=${horizon[3]}`);
    expect(later.body.beds.map((b: any) => [b.profile, b.mo, b.free, b.releaseDate])).toEqual([['19', HOSPITAL, 6, horizon[2]]]);
    expect((await api({ org: '231001' }, 'GET', BEDS)).status).toBe(403);
    expect((await api({ org: '39002' }, 'GET', BEDS)).status).toBe(403);
    expect((await api({ org: '23' }, 'GET', BEDS)).status).toBe(403);
  });

  it('a slow file received before the day in force is superseded once; its redelivered message writes nothing', async () => {
    const day = '2026-11-10';
    const mo = ref.mos.get(POLYCLINIC)!;
    const content = (target: string) => ({ mo: POLYCLINIC, forDate: day, referralsIssued: [{ enp: enp(8), profile: '19', targetMo: target, hospitalizationDate: '2026-11-12' }] });
    const base = { region: REGION, mo: POLYCLINIC, forDate: day, counts: { referralsIssued: 1 } };
    const inForce = await recordAccepted({ ...base, source: 'api', receivedAt: '2026-11-11T06:30:00.000Z', submission: content(HOSPITAL) as never });
    expect(inForce.outcome).toBe('created');
    const slow = { ...base, source: 'file' as const, receivedAt: '2026-11-11T06:00:00.000Z', submission: content(CITY) as never, file: { fileId: 'slow-file' } };
    const first = await recordAccepted(slow);
    expect([first.outcome, first.receipt.received, first.receipt.firstAcceptedAt, first.receipt.contentHash]).toEqual(['superseded', 2, slow.receivedAt, inForce.receipt.contentHash]);
    const again = await recordAccepted(slow);
    expect(again).toEqual(first);
    expect((await receiptsOf(mo.code, day, day))[0]).toMatchObject({ received: 2, version: 1, contentHash: inForce.receipt.contentHash });
  });

  it('the compliance report of a day lists on time, late and missing MOs; the XLSX reads back the same', async () => {
    // A past day with submissions at chosen instants (the service, as the API and the file worker call it).
    const day = '2026-11-19';
    const due = dueInstantOf(day, ZONE); // 20.11.2026 09:00 Kaliningrad = 07:00Z
    expect(due).toBe('2026-11-20T07:00:00.000Z');
    const past = horizonOf(loadProductionCalendar(), '2026-11-20');
    const body = (mo: string) => ({ mo, forDate: day, referralsIssued: [{ enp: enp(9), profile: '19', targetMo: HOSPITAL, hospitalizationDate: past[1]! }] });
    const mo = (code: string) => ref.mos.get(code)!;
    expect((await submitJson({ mo: mo(POLYCLINIC), body: body(POLYCLINIC), at: new Date('2026-11-20T06:59:59.000Z') })).status).toBe('ACCEPTED');
    const rejectedThenLate = mo('390009'); // §263 too: a §264-only body misses sections
    expect((await submitJson({ mo: rejectedThenLate, body: body('390009'), at: new Date('2026-11-20T06:30:00.000Z') })).status).toBe('REJECTED');
    const full = { ...body('390009'), freeBeds: [], hospitalized: [], emergency: [], notHospitalized: [], referredIn: [] };
    expect((await submitJson({ mo: rejectedThenLate, body: full, at: new Date('2026-11-20T07:45:00.000Z') })).status).toBe('ACCEPTED');
    expect((await submitJson({ mo: mo('390011'), body: body('390011'), at: new Date('2026-11-20T06:00:00.000Z') })).status).toBe('REJECTED');

    const report = await api(TFOMS, 'GET', `/v1/regions/${REGION}/hospitalization/compliance?date=${day}`);
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ region: REGION, forDate: day, dueAt: due, counts: { 'в срок': 1, 'с опозданием': 1, 'нет сведений': 13 } });
    const status = new Map(report.body.rows.map((r: any) => [r.mo, r.status]));
    expect([status.get(POLYCLINIC), status.get('390009'), status.get('390011'), status.get(HOSPITAL)]).toEqual(['в срок', 'с опозданием', 'нет сведений', 'нет сведений']);
    expect(report.body.rows.find((r: any) => r.mo === '390011').note).toContain('отклонены ФЛК');
    expect(report.body.rows).toHaveLength([...ref.mos.values()].filter((m) => m.region === REGION).length);
    expect(decodeURIComponent(new URL(report.body.report.url).pathname)).toMatch(new RegExp(`/${REGION}/tfoms/hospitalization/compliance/${day}\\.xlsx$`));
    const workbook = await download(report.body.report.url);
    const rows = await xlsxRows(workbook);
    expect(rows[0]).toEqual(['Код МО', 'Наименование МО', 'Представлено (Europe/Kaliningrad, UTC+2)', 'Представлено (UTC)', 'Статус', 'Примечание']);
    const byMo = new Map(rows.slice(1).map((r) => [r[0], r]));
    expect(byMo.get(POLYCLINIC)![4]).toBe('в срок');
    expect(byMo.get('390009')![4]).toBe('с опозданием');
    // Times are typed date-time cells: the region's wall clock, and the instant in UTC.
    const typed = new Map<string, unknown[]>();
    for await (const r of readXlsxSheetRows(Readable.from(workbook))) if (r.sheet === 0 && r.number > 1) typed.set(String(r.cells[0]!.value), r.cells.map((c) => c?.value));
    expect(typed.get(POLYCLINIC)!.slice(2, 4)).toEqual([new Date('2026-11-20T08:59:59.000Z'), new Date('2026-11-20T06:59:59.000Z')]);
    expect(typed.get('390009')!.slice(2, 4)).toEqual([new Date('2026-11-20T09:45:00.000Z'), new Date('2026-11-20T07:45:00.000Z')]);
    expect(byMo.get('390011')![4]).toBe('нет сведений');
    expect(rows.length - 1).toBe(report.body.rows.length);
    // The evaluator's entry point writes the same key; today's day shows the API submissions above.
    expect(await publishComplianceReport(REGION, day, new Date())).toEqual({ key: `${REGION}/tfoms/hospitalization/compliance/${day}.xlsx`, rows: rows.length - 1 });
    const current = await api(TFOMS, 'GET', `/v1/regions/${REGION}/hospitalization/compliance`);
    const dueToday = Date.parse(dueInstantOf(forDate, ZONE));
    const mine = current.body.rows.filter((r: any) => [HOSPITAL, CITY, POLYCLINIC].includes(r.mo));
    expect(current.body.forDate).toBe(forDate);
    expect(mine.map((r: any) => r.mo)).toEqual([HOSPITAL, CITY, POLYCLINIC]);
    for (const r of mine) expect(r.status).toBe(Date.parse(r.submittedAt) <= dueToday ? 'в срок' : 'с опозданием');
    expect((await api({ org: POLYCLINIC }, 'GET', `/v1/regions/${REGION}/hospitalization/compliance`)).status).toBe(403);
  });
});
