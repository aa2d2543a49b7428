import { deadlineInstant } from '../calendar/production-calendar.js';
import { addDays } from '../domain/groups.js';
import { localDate } from '../domain/time.js';

/**
 * The days of the daily submission (DOMAIN.md §4, seed 004): sent by 09:00 local time «за истекшие
 * сутки». Everything is on the clock of the MO's region.
 */
export const HOSP_DUE_TIME = '09:00';
/** Free beds: today and each of the next ten working days (Rules of ОМС §263). */
const HORIZON_WORKING_DAYS = 10;


/** «Today» on the region's clock at `at`, and the reporting day it covers (the day before). */
export function reportingDay(at: Date | string, timeZone: string): { today: string; forDate: string } {
  const today = localDate(at, timeZone);
  return { today, forDate: addDays(today, -1) };
}

/**
 * Today (working or not: beds are counted on the day of sending) and the next ten working days of
 * the production calendar after it. Throws when the calendar has no data for a day it needs.
 */
export function horizonOf(calendar: { nextWorkingDays(isoDate: string, count: number): string[] }, today: string): string[] {
  return [today, ...calendar.nextWorkingDays(addDays(today, 1), HORIZON_WORKING_DAYS)];
}

/** Deadline of the submission for `forDate`: the next day, 09:00 in the region's zone (UTC instant). */
export function dueInstantOf(forDate: string, timeZone: string): string {
  return deadlineInstant(addDays(forDate, 1), HOSP_DUE_TIME, timeZone);
}
