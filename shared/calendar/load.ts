import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { resolveReferenceDir } from '../reference/load.js';
import { parseProductionCalendar, type CalendarYear, type CalendarYearFile, type ProductionCalendar } from './production-calendar.js';

/** Year files live in `<reference dir>/calendar/<YYYY>.json`; discovered, not listed in the manifest. */
export const CALENDAR_SUBDIR = 'calendar';

const YEAR_FILE = /^\d{4}\.json$/;

/** Reads every `*.json` of the calendar directory; a JSON file not named `YYYY.json` is an error. */
export function readCalendarFiles(calendarDir: string): CalendarYearFile[] {
  if (!existsSync(calendarDir)) throw new Error(`Производственный календарь: нет каталога ${calendarDir}`);
  return readdirSync(calendarDir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => {
      if (!YEAR_FILE.test(name)) throw new Error(`Производственный календарь ${name}: имя файла должно быть ГГГГ.json`);
      const text = readFileSync(join(calendarDir, name), 'utf8');
      try {
        return { file: name, json: JSON.parse(text.replace(/^\uFEFF/, '')) as unknown };
      } catch (e) {
        throw new Error(`Производственный календарь ${name}: не JSON (${(e as Error).message})`);
      }
    });
}

const cache = new Map<string, ProductionCalendar>();

/**
 * The calendar from `<dir>/calendar/*.json`, where `dir` is the reference directory resolved as
 * for loadReferenceData (argument → OMS_REFERENCE_DIR → data/ next to the sources → bundled copy).
 * Only the shipped years: the services read shared/services/calendar.ts, which adds the decrees
 * FOMS loaded through the API. Years after the last file are provisional (art. 112 ТК РФ).
 * Cached per directory: cheap to call per invocation.
 */
export function loadProductionCalendar(dir?: string): ProductionCalendar {
  const calendarDir = join(resolveReferenceDir(dir), CALENDAR_SUBDIR);
  let calendar = cache.get(calendarDir);
  if (!calendar) {
    calendar = parseProductionCalendar(readCalendarFiles(calendarDir));
    cache.set(calendarDir, calendar);
  }
  return calendar;
}

/** The checked years of the shipped files (the first version of each year; decrees loaded later override them). */
export function shippedCalendarYears(dir?: string): CalendarYear[] {
  const calendar = loadProductionCalendar(dir);
  return calendar.years.map((y) => calendar.year(y) as CalendarYear);
}
