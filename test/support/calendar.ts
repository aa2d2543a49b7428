import { cpSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CALENDAR_SUBDIR } from '../../shared/calendar/load.js';
import { FIXED_HOLIDAYS, type CalendarYear } from '../../shared/calendar/production-calendar.js';
import { resolveReferenceDir } from '../../shared/reference/load.js';

const isWeekend = (iso: string) => [0, 6].includes(new Date(`${iso}T00:00:00Z`).getUTCDay());
const nextDay = (iso: string) => new Date(Date.parse(`${iso}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/**
 * A year as the Labour Code alone makes it (art. 112): fixed holidays, and a holiday that falls on
 * a weekend (other than 1–8 January) gives the next working day off. No transfer decree (which may
 * also settle those shifts otherwise, as 2025's did) — a test stand-in for a year whose decree is
 * not shipped yet, never production data.
 */
export function labourCodeYear(year: number): CalendarYear {
  const holidays = new Set(FIXED_HOLIDAYS.map((h) => `${year}-${h.day}`));
  const holidayShifts: CalendarYear['holidayShifts'] = [];
  const taken = new Set<string>();
  for (const h of FIXED_HOLIDAYS) {
    const holiday = `${year}-${h.day}`;
    if (h.day.startsWith('01-0') || !isWeekend(holiday)) continue;
    let off = nextDay(holiday);
    while (isWeekend(off) || holidays.has(off) || taken.has(off)) off = nextDay(off);
    taken.add(off);
    holidayShifts.push({ holiday, dayOff: off });
  }
  return {
    year,
    decree: { number: 'нет', date: `${year - 1}-01-01`, title: `Тестовый ${year} год: только ст. 112 ТК РФ, без постановления о переносе` },
    transfers: [],
    holidayShifts,
    workingWeekends: [],
  };
}

/**
 * A copy of the reference data whose calendar reaches `throughYear`: years the shipped data lacks
 * are added as labourCodeYear files, the way an operator adds a year (a file, no code). Tests whose
 * horizon is the real today point OMS_REFERENCE_DIR here so they keep passing in late December.
 */
export function referenceDirWithCalendarThrough(throughYear: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'omsflow-reference-'));
  cpSync(resolveReferenceDir(), dir, { recursive: true });
  for (let year = 2024; year <= throughYear; year++) {
    const file = join(dir, CALENDAR_SUBDIR, `${year}.json`);
    if (!existsSync(file)) writeFileSync(file, JSON.stringify(labourCodeYear(year), null, 2));
  }
  return dir;
}
