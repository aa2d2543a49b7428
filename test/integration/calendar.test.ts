import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startLocalStack, type LocalStack } from '../../infra/local/stack.js';
import { auditOf } from '../../shared/adapters/store/audit.js';
import { makeEnp } from '../../shared/identifiers/enp.js';
import type { Notification } from '../../shared/obligations/model.js';
import { currentCalendar, forgetCalendar } from '../../shared/services/calendar.js';
import { evaluateRegionAt } from '../../shared/services/obligations/clock.js';
import { apiOf } from '../support/http.js';

/**
 * The production calendar without a 2027 file (none ships), through the emulators, on a fake clock:
 * in late December 2026 and mid-January 2027 the MOs' daily submissions are accepted on the
 * provisional calendar (art. 112 ТК РФ) and say so; FOMS's duty to confirm 2027 by 1 December is
 * violated; FOMS then loads a (fictitious) decree through the API, which changes exactly the days
 * it names, meets the duty late and is kept as a version with its audit record.
 */
const REGION = '39'; // Kaliningrad, UTC+2
const HOSPITAL = '390001';
const POLYCLINIC = '390013';
const FOMS = { org: 'FOMS' };
const SUB = `/v1/orgs/${HOSPITAL}/hospitalization/submissions`;
const enp = (n: number) => makeEnp('39', '1970-01-01', n % 2 ? 1 : 2, 200 + n);

/** Fictitious decree: Sat 2 Jan → Mon 11 Jan, Sun 3 Jan → Fri 31 Dec, Sat 6 Nov works instead of Fri 5 Nov. */
const DECREE_2027 = {
  year: 2027,
  decree: { number: '1234', date: '2026-12-03', title: 'О переносе выходных дней в 2027 году (тест)' },
  transfers: [
    { from: '2027-01-02', to: '2027-01-11' },
    { from: '2027-01-03', to: '2027-12-31' },
    { from: '2027-11-06', to: '2027-11-05' },
  ],
  holidayShifts: [
    { holiday: '2027-05-01', dayOff: '2027-05-03' },
    { holiday: '2027-05-09', dayOff: '2027-05-10' },
    { holiday: '2027-06-12', dayOff: '2027-06-14' },
  ],
  workingWeekends: ['2027-11-06'],
};

let stack: LocalStack;
let dataDir: string;
const api = apiOf(() => ({ stack, dataDir }));

/** A hospital's complete day with free beds on the given days (today first). */
const hospitalDay = (forDate: string, bedDays: string[]) => ({
  mo: HOSPITAL,
  forDate,
  freeBeds: bedDays.map((date, i) => ({ profile: '19', date, free: i + 1, releaseDate: date })),
  hospitalized: [{ enp: enp(1), profile: '19', referringMo: POLYCLINIC, admissionDate: forDate }],
  emergency: [],
  notHospitalized: [],
  referredIn: [],
  referralsIssued: [],
});

const at = (instant: string) => vi.setSystemTime(new Date(instant));
const days = (year: number) => Array.from({ length: 365 }, (_, i) => new Date(Date.UTC(year, 0, 1 + i)).toISOString().slice(0, 10));
const federalTick = async (instant: string) => {
  const sent: Notification[] = [];
  const result = await evaluateRegionAt({ region: 'FOMS', at: instant }, { send: async (n) => void sent.push(...n) });
  return { result, sent };
};

describe('production calendar without a 2027 decree (provisional), then FOMS loads it (emulators)', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'omsflow-calendar-'));
    stack = await startLocalStack({ dataDir, ports: { dynamodb: 0, s3: 0, sqs: 0, api: 0 }, schedules: false, visibilityTimeoutSeconds: 2, endpointsFile: null, log: () => undefined });
    forgetCalendar();
    vi.useFakeTimers({ toFake: ['Date'] });
  }, 60_000);

  afterEach(() => at('2026-12-03T08:00:00Z'));

  afterAll(async () => {
    vi.useRealTimers();
    await stack?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('GET /v1/calendar/{year}: 2027 is provisional (art. 112 only), 2026 is the shipped decree; bad years are refused', async () => {
    at('2026-12-03T08:00:00Z');
    const y2027 = await api({ org: HOSPITAL }, 'GET', '/v1/calendar/2027');
    expect(y2027.status).toBe(200);
    expect(y2027.body).toMatchObject({ year: 2027, provisional: true, version: 0, source: 'labour-code', workingWeekends: [], history: [] });
    expect(y2027.body.decree).toBeUndefined();
    expect(y2027.body.note).toMatch(/^календарь предварительный: 2027 год/);
    expect(y2027.body.holidays).toContainEqual({ date: '2027-06-14', reason: 'выходной день перенесён с 2027-06-12 (ст. 112 ТК РФ)' });
    const y2026 = await api({ org: REGION }, 'GET', '/v1/calendar/2026');
    expect(y2026.body).toMatchObject({ year: 2026, provisional: false, version: 1, source: 'shipped-file', decree: { number: '1466' } });
    expect((await api(FOMS, 'GET', '/v1/calendar/1999')).body.error).toMatchObject({ code: 'BAD_YEAR', message: expect.stringContaining('от 2000 до 2100') });
    expect((await api(FOMS, 'GET', '/v1/calendar/20x7')).status).toBe(400);
    expect((await api(FOMS, 'GET', '/v1/calendar/2023')).status).toBe(404);
  });

  it('20.12.2026 and 15.01.2027: submissions are accepted on the provisional calendar and say so; 1–8 January are outside the horizon', async () => {
    at('2026-12-20T06:00:00Z'); // 08:00 in Kaliningrad, Sunday
    const december = await api({ org: HOSPITAL }, 'POST', SUB, hospitalDay('2026-12-19', ['2026-12-20', '2027-01-11', '2027-01-12']));
    expect(december.status).toBe(200);
    expect(december.body).toMatchObject({ status: 'ACCEPTED', forDate: '2026-12-19', calendar: { provisional: true, years: [2027] } });
    expect(december.body.calendar.note).toMatch(/^календарь предварительный/);
    const holiday = await api({ org: HOSPITAL }, 'POST', SUB, hospitalDay('2026-12-19', ['2026-12-20', '2027-01-05']));
    expect(holiday.status).toBe(422);
    expect(holiday.body.issues.map((i: any) => [i.field, i.code])).toEqual([['freeBeds[1].date', 'H009']]);
    expect(holiday.body.issues[0].message).toContain('2026-12-20 … 2027-01-12');

    at('2027-01-15T06:00:00Z');
    const january = await api({ org: HOSPITAL }, 'POST', SUB, hospitalDay('2027-01-14', ['2027-01-15', '2027-01-29']));
    expect(january.status).toBe(200);
    expect(january.body).toMatchObject({ status: 'ACCEPTED', calendar: { provisional: true, years: [2027] } });
  });

  it('FOMS has not confirmed 2027 by 1 December: on 2 December it is a violation, FOMS is notified', async () => {
    at('2026-12-02T06:00:00Z');
    const { result, sent } = await federalTick('2026-12-02T06:00:00.000Z');
    expect(result).toMatchObject({ region: 'FOMS', violations: 1, yearlyPlanned: 2 });
    expect(sent.map((n) => [n.to, n.obligationId])).toEqual([['FOMS', 'y.calendar.2027']]);
    const mine = await api(FOMS, 'GET', '/v1/orgs/FOMS/obligations');
    const duty = mine.body.obligations.find((o: any) => o.id === 'y.calendar.2027');
    expect(duty).toMatchObject({ state: 'OVERDUE', kind: 'yearly-calendar', due: '01.12.2026 24:00 (Europe/Moscow)' });
    expect(duty.calendar).toBeUndefined(); // its deadline is in 2026, a decreed year

    // A year later the 2028 duty (due 01.12.2027) rests on 2027, still provisional: the view says so.
    at('2027-01-15T06:00:00Z');
    await federalTick('2027-01-15T06:00:00.000Z');
    const later = await api(FOMS, 'GET', '/v1/orgs/FOMS/obligations');
    expect(later.body.obligations.find((o: any) => o.id === 'y.calendar.2028')).toMatchObject({ state: 'OPEN', calendar: { provisional: true, years: [2027] } });
  });

  it('PUT /v1/calendar/2027: only FOMS; a bad decree is refused naming the field, in Russian', async () => {
    expect((await api({ org: HOSPITAL }, 'PUT', '/v1/calendar/2027', DECREE_2027)).status).toBe(403);
    expect((await api({ org: REGION }, 'PUT', '/v1/calendar/2027', DECREE_2027)).status).toBe(403);
    const refused = async (body: unknown, path = '/v1/calendar/2027') => {
      const r = await api(FOMS, 'PUT', path, body);
      expect(r.status).toBe(400);
      return r.body.error.message as string;
    };
    expect(await refused(DECREE_2027, '/v1/calendar/2028')).toBe('Поле year: 2027 не совпадает с годом в пути (2028).');
    expect(await refused({ ...DECREE_2027, decree: { ...DECREE_2027.decree, number: undefined } })).toMatch(/поле decree\.number: обязательное поле не заполнено/);
    expect(await refused({ ...DECREE_2027, workingWeekends: ['2027-11-06', '2027-11-08'] })).toMatch(/поле workingWeekends\[1\]: 2027-11-08 не суббота и не воскресенье/);
    expect(await refused({ ...DECREE_2027, transfers: [...DECREE_2027.transfers.slice(0, 2), { from: '2027-11-06', to: '2028-01-10' }] })).toMatch(/transfers\[2\]\.to: дата 2028-01-10 не из 2027 года/);
    expect(await refused({ ...DECREE_2027, transfers: [...DECREE_2027.transfers.slice(0, 2), { from: '2027-11-06', to: '2027-05-10' }] })).toMatch(/2027-05-10 уже назначен выходным/);
    expect(await refused({ ...DECREE_2027, holidayShifts: [] })).toMatch(/2027-05-01 \(Праздник Весны и Труда\) выпадает на выходной/);
    expect((await api(FOMS, 'GET', '/v1/calendar/2027')).body).toMatchObject({ provisional: true, version: 0 });
  });

  it('FOMS loads the decree: only the days it names change, submissions follow at once, the duty is met late, versions and audit kept', async () => {
    const before = await currentCalendar();
    at('2026-12-03T08:00:00Z');
    const loaded = await api(FOMS, 'PUT', '/v1/calendar/2027', DECREE_2027);
    expect(loaded.status).toBe(201);
    expect(loaded.body).toMatchObject({ year: 2027, provisional: false, version: 1, source: 'decree-loaded', decree: { number: '1234' }, workingWeekends: ['2027-11-06'] });
    expect(loaded.body.note).toBeUndefined();
    expect(loaded.body.history).toEqual([expect.objectContaining({ version: 1, loadedByOrg: 'FOMS', decree: DECREE_2027.decree })]);

    const after = await currentCalendar();
    expect(after.isProvisional(2027)).toBe(false);
    const changed = days(2027).filter((d) => after.isWorkingDay(d) !== before.isWorkingDay(d));
    expect(changed).toEqual(['2027-01-11', '2027-11-05', '2027-11-06', '2027-12-31']);
    expect(after.isWorkingDay('2027-11-06')).toBe(true); // a working Saturday
    expect(after.isWorkingDay('2027-01-11')).toBe(false); // the transferred holiday

    // The same day as before: 11.01 is now a day off, the horizon ends on 13.01; no provisional flag.
    at('2026-12-20T06:00:00Z');
    const refusedNow = await api({ org: HOSPITAL }, 'POST', SUB, hospitalDay('2026-12-19', ['2026-12-20', '2027-01-11']));
    expect(refusedNow.body.issues.map((i: any) => [i.field, i.code])).toEqual([['freeBeds[1].date', 'H009']]);
    expect(refusedNow.body.issues[0].message).toContain('2026-12-20 … 2027-01-13');
    const accepted = await api({ org: HOSPITAL }, 'POST', SUB, hospitalDay('2026-12-19', ['2026-12-20', '2027-01-13']));
    expect(accepted.body.status).toBe('ACCEPTED');
    expect(accepted.body.calendar).toBeUndefined();

    at('2026-12-03T08:15:00Z');
    const { result } = await federalTick('2026-12-03T08:15:00.000Z');
    expect(result).toMatchObject({ metLate: 1, violations: 0 });
    const duty = (await api(FOMS, 'GET', '/v1/orgs/FOMS/obligations')).body.obligations.find((o: any) => o.id === 'y.calendar.2027');
    expect(duty).toMatchObject({ state: 'MET_LATE', metAt: '2026-12-03T08:00:00.000Z' });
    expect(duty.evidence).toMatch(/постановление № 1234 от 2026-12-03 загружено/);

    // A correction is a new version; the first is kept.
    const corrected = await api(FOMS, 'PUT', '/v1/calendar/2027', { ...DECREE_2027, decree: { ...DECREE_2027.decree, number: '1235' } });
    expect(corrected.body).toMatchObject({ version: 2, decree: { number: '1235' } });
    expect(corrected.body.history.map((h: any) => [h.version, h.decree.number])).toEqual([[1, '1234'], [2, '1235']]);
    const audit = (await auditOf('FOMS')).items.filter((a) => a.action === 'calendar-decree');
    expect(audit.map((a) => a.subject).sort()).toEqual(['calendar/2027/v1', 'calendar/2027/v2']);
  });
});
