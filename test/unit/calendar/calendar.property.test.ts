import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadProductionCalendar } from '../../../shared/calendar/load.js';
import { FIXED_HOLIDAYS } from '../../../shared/calendar/production-calendar.js';
import { checkProperty } from '../../support/property.js';

/**
 * Working-day arithmetic of the production calendar (DOMAIN.md §6) over the shipped decree years and
 * the provisional years after them (art. 112 ТК РФ alone).
 */
const cal = loadProductionCalendar();
const FIRST = cal.years[0]!;
const LAST = cal.years.at(-1)! + 4; // four provisional years too

const DAY = 86_400_000;
const dayArb = fc.integer({ min: Date.UTC(FIRST, 0, 1) / DAY, max: Date.UTC(LAST, 11, 31) / DAY - 120 });
/** Days with 200 days of covered calendar on either side. */
const innerDay = fc.integer({ min: Date.UTC(FIRST, 0, 1) / DAY + 200, max: Date.UTC(LAST, 11, 31) / DAY - 200 });
const iso = (day: number): string => new Date(day * DAY).toISOString().slice(0, 10);
const date = dayArb.map(iso);
const n = fc.integer({ min: 0, max: 60 });

/** What the API's year view says: non-working when named there, or a weekend not listed as working. */
const yearViews = new Map<number, { off: Set<string>; working: Set<string> }>();
function viewSaysWorking(isoDay: string): boolean {
  const year = Number(isoDay.slice(0, 4));
  let view = yearViews.get(year);
  if (!view) {
    const y = cal.describeYear(year);
    view = { off: new Set(y.holidays.map((h) => h.date)), working: new Set(y.workingWeekends) };
    yearViews.set(year, view);
  }
  const weekday = new Date(`${isoDay}T00:00:00Z`).getUTCDay();
  if (view.off.has(isoDay)) return false;
  return (weekday !== 0 && weekday !== 6) || view.working.has(isoDay);
}

describe('production calendar: working-day arithmetic (properties)', () => {
  it('a day is working exactly when the published year view says so; fixed holidays never are', () => {
    checkProperty('calendar: isWorkingDay ≡ year view', [date], (d) => {
      expect(cal.isWorkingDay(d)).toBe(viewSaysWorking(d));
      if (FIXED_HOLIDAYS.some((h) => h.day === d.slice(5))) expect(cal.isWorkingDay(d)).toBe(false);
    }, { numRuns: 1000 });
  });

  it('adding working days lands on a working day, after the start (n ≥ 1) or on/after it (n = 0)', () => {
    checkProperty('calendar: result is a working day', [date, n], (d, k) => {
      const result = cal.addWorkingDays(d, k);
      expect(cal.isWorkingDay(result)).toBe(true);
      if (k === 0) expect(result >= d).toBe(true);
      else expect(result > d).toBe(true);
    }, { numRuns: 500 });
  });

  it('is monotonic: a later start never gives an earlier result; n + 1 days never before n days', () => {
    checkProperty('calendar: monotonic in start and in n', [dayArb, fc.integer({ min: 0, max: 30 }), n], (a, gap, k) => {
      const [d1, d2] = [iso(a), iso(a + gap)];
      expect(cal.addWorkingDays(d2, k) >= cal.addWorkingDays(d1, k)).toBe(true);
      const next = cal.addWorkingDays(d1, k + 1);
      // n = 0 on a day off is the next working day, which is also n = 1: equal, never earlier.
      if (k === 0 && !cal.isWorkingDay(d1)) expect(next).toBe(cal.addWorkingDays(d1, 0));
      else expect(next > cal.addWorkingDays(d1, k)).toBe(true);
    }, { numRuns: 500 });
  });

  it('counting working days between two dates inverts adding, and adds up along the way', () => {
    checkProperty('calendar: workingDaysBetween inverts addWorkingDays', [innerDay, n.filter((k) => k > 0), fc.integer({ min: -200, max: 200 }), fc.integer({ min: -200, max: 200 })], (start, k, x, y) => {
      const d = iso(start);
      const result = cal.addWorkingDays(d, k);
      expect(cal.workingDaysBetween(d, result)).toBe(k);
      // The day before the result is one working day short: the result is the first to reach k.
      expect(cal.workingDaysBetween(d, iso(Date.parse(`${result}T00:00:00Z`) / DAY - 1))).toBe(k - 1);
      const [a, b] = [iso(start + x), iso(start + y)];
      expect(cal.workingDaysBetween(a, b) + cal.workingDaysBetween(b, a)).toBe(0); // antisymmetric (−0 allowed)
      expect(cal.workingDaysBetween(a, d) + cal.workingDaysBetween(d, b) + 0).toBe(cal.workingDaysBetween(a, b) + 0); // −0 read as 0
    }, { numRuns: 300 });
  });

  it('the next working days are the working days, consecutive, from the date on', () => {
    checkProperty('calendar: nextWorkingDays consecutive', [date, fc.integer({ min: 1, max: 15 })], (d, count) => {
      const days = cal.nextWorkingDays(d, count);
      expect(days).toHaveLength(count);
      expect(days[0]).toBe(cal.addWorkingDays(d, 0));
      for (let i = 1; i < days.length; i++) expect(cal.workingDaysBetween(days[i - 1]!, days[i]!)).toBe(1);
    }, { numRuns: 200 });
  });

  it('«до N-го числа следующего месяца» is a working day on or after that day of the next month', () => {
    checkProperty('calendar: nthOfNextMonth', [date, fc.integer({ min: 1, max: 31 })], (d, day) => {
      const result = cal.nthOfNextMonth(d, day);
      expect(cal.isWorkingDay(result)).toBe(true);
      const [y, m] = [Number(d.slice(0, 4)), Number(d.slice(5, 7))];
      const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
      const nominal = iso(Date.UTC(y, m, Math.min(day, lastDay)) / DAY);
      expect(result >= nominal).toBe(true);
      expect(cal.workingDaysBetween(nominal, result)).toBe(cal.isWorkingDay(nominal) ? 0 : 1);
    }, { numRuns: 300 });
  });
});
