import { describe, expect, it } from 'vitest';
import { loadProductionCalendar } from '../../../shared/calendar/load.js';
import { deadlineInstant } from '../../../shared/calendar/production-calendar.js';
import {
  dueDateOf,
  parsePeriod,
  parseReportingCalendar,
  periodOn,
  previousPeriod,
  reportDutiesOn,
  submittableFrom,
  type ReportDuty,
} from '../../../shared/obligations/reporting.js';
import { loadReferenceData } from '../../../shared/reference/load.js';
import { loadReportingCalendar } from '../../../shared/services/reporting/target-reports.js';

const production = loadProductionCalendar();
const calendar = loadReportingCalendar();
const report = (id: string): ReportDuty => calendar.reports.find((r) => r.id === id)!;
const due = (id: string, period: string) => dueDateOf(report(id), parsePeriod(period, report(id).period)!, production);
const region = (code: string) => loadReferenceData().regions.get(code)!;

describe('seed 002 reporting calendar as data (schedules/reporting-002.json)', () => {
  it('ships the three reports of the seed with their sources: monthly, quarterly by the 25th, 20 December', () => {
    expect(calendar.reports.map((r) => [r.id, r.period, r.due])).toEqual([
      ['monthly', 'month', { dayOfNextMonth: 15, time: '24:00' }],
      ['quarterly', 'quarter', { dayOfNextMonth: 25, time: '24:00' }],
      ['yearly', 'year', { monthDay: '12-20', time: '24:00' }],
    ]);
    expect(report('monthly').source).toContain('Мероприятия 4 и 5');
    expect(report('quarterly').source).toContain('до 25 числа месяца, следующего за отчетным');
    expect(report('yearly').source).toContain('до 20 декабря');
  });

  it('refuses a bad calendar in Russian, naming the field', () => {
    const bad = { ...calendar, reports: [{ ...calendar.reports[0], due: { monthDay: '12-20' } }, calendar.reports[0]] };
    expect(() => parseReportingCalendar(bad)).toThrow(/reports\.0\.due: день года \(monthDay\) — только для годового отчёта/);
    expect(() => parseReportingCalendar(bad)).toThrow(/reports\.1\.id: отчёт monthly повторяется/);
    expect(() => parseReportingCalendar({ ...calendar, reports: [{ ...calendar.reports[0], period: 'week' }] })).toThrow(/reports\.0\.period/);
  });
});

describe('reporting periods and due dates (production calendar, ГК ст. 193)', () => {
  it('parse and step periods across quarter and year boundaries', () => {
    expect(periodOn('quarter', '2026-03-31')).toEqual({ id: '2026-Q1', kind: 'quarter', from: '2026-01-01', to: '2026-03-31' });
    expect(periodOn('quarter', '2026-04-01').id).toBe('2026-Q2');
    expect(previousPeriod(periodOn('quarter', '2026-02-10')).id).toBe('2025-Q4');
    expect(previousPeriod(periodOn('month', '2026-01-05'))).toEqual({ id: '2025-12', kind: 'month', from: '2025-12-01', to: '2025-12-31' });
    expect(parsePeriod('2024-02', 'month')!.to).toBe('2024-02-29');
    expect(parsePeriod('2026-13', 'month')).toBeUndefined();
    expect(parsePeriod('2026-Q5', 'quarter')).toBeUndefined();
    expect(parsePeriod('2026-11', 'year')).toBeUndefined();
  });

  it('monthly: the 15th of the next month, moved past a day off', () => {
    expect(due('monthly', '2026-11')).toBe('2026-12-15'); // Tuesday
    expect(due('monthly', '2026-02')).toBe('2026-03-16'); // 15.03.2026 is a Sunday
    expect(due('monthly', '2025-12')).toBe('2026-01-15'); // a December report is due in the next year
    expect(due('monthly', '2021-07')).toBe('2021-08-15'); // before the calendar's first decree (2024): not moved (a Sunday)
  });

  it('quarterly: by the 25th of the month after the quarter', () => {
    expect(due('quarterly', '2026-Q1')).toBe('2026-04-27'); // 25.04.2026 is a Saturday
    expect(due('quarterly', '2026-Q3')).toBe('2026-10-26'); // 25.10.2026 is a Sunday
    expect(due('quarterly', '2024-Q2')).toBe('2024-07-25');
    expect(due('quarterly', '2026-Q4')).toBe('2027-01-25'); // the quarter ends the year
  });

  it('yearly: 20 December of the year itself, moved past a weekend', () => {
    expect(due('yearly', '2024')).toBe('2024-12-20'); // Friday
    expect(due('yearly', '2026')).toBe('2026-12-21'); // 20.12.2026 is a Sunday
    expect(submittableFrom(due('yearly', '2026'))).toBe('2026-12-01');
    expect(submittableFrom(due('monthly', '2026-11'))).toBe('2026-12-01');
  });

  it('plans this period’s and the last one’s duties per region, due at 24:00 on the region’s own clock; none due before the calendar came into force', () => {
    const kaliningrad = reportDutiesOn(calendar, region('39'), '2027-01-10', production);
    expect(kaliningrad.map((o) => [o.id, o.dueDate])).toEqual([
      ['r.monthly.2026-12.39', '2027-01-15'],
      ['r.monthly.2027-01.39', '2027-02-15'],
      ['r.quarterly.2026-Q4.39', '2027-01-25'],
      ['r.quarterly.2027-Q1.39', '2027-04-26'],
      ['r.yearly.2026.39', '2026-12-21'],
      ['r.yearly.2027.39', '2027-12-20'],
    ]);
    expect(kaliningrad[0]).toMatchObject({ kind: 'periodic-report', party: { type: 'TFOMS', code: '39' }, metBy: 'report-produced', reportId: 'monthly', period: '2026-12', state: 'OPEN' });
    expect(kaliningrad[0]!.dueAt).toBe('2027-01-15T22:00:00.000Z');
    const kamchatka = reportDutiesOn(calendar, region('41'), '2027-01-10', production);
    expect(kamchatka[0]!.dueAt).toBe(deadlineInstant('2027-01-15', '24:00', 'Asia/Kamchatka'));
    expect(kamchatka[0]!.dueAt).toBe('2027-01-15T12:00:00.000Z');
    // 3 December 2026: November's report is due 15.12 (in force), Q3's was due 26.10 (before): not charged.
    expect(reportDutiesOn(calendar, region('39'), '2026-12-03', production).map((o) => o.id)).toEqual([
      'r.monthly.2026-11.39',
      'r.monthly.2026-12.39',
      'r.quarterly.2026-Q4.39',
      'r.yearly.2026.39',
    ]);
  });
});
