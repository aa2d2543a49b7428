import { currentCalendarYears, calendarVersions, putCalendarVersion, type StoredCalendarYear } from '../adapters/store/calendar.js';
import { getSchedule } from '../adapters/store/obligations.js';
import { sendMessages } from '../adapters/sqs.js';
import { shippedCalendarYears } from '../calendar/load.js';
import { CalendarDataError, parseCalendarYear, ProductionCalendar, type CalendarYear, type YearView } from '../calendar/production-calendar.js';
import { storedCampaigns } from '../adapters/store/campaigns.js';
import { loadCampaigns, loadReferenceData } from '../reference/load.js';
import { PLAN_QUEUE, type PlanMessage } from './obligations/plan.js';

/**
 * The production calendar the services use: the shipped year files (the first version of each
 * year) overlaid with the decrees FOMS loaded through the API (PUT /v1/calendar/{year}), so a new
 * year takes effect without a deploy. Years without either are provisional (art. 112 ТК РФ, see
 * shared/calendar/production-calendar.ts). Domain code never calls this: it is handed the calendar.
 */

/** How long a Lambda container trusts what it read: a decree loaded elsewhere takes effect within this. */
const cacheMs = (): number => Number(process.env.OMS_CALENDAR_CACHE_MS ?? '60000');

interface Snapshot {
  calendar: ProductionCalendar;
  stored: Map<number, StoredCalendarYear>;
  shipped: Set<number>;
}

let cache: { at: number; snapshot: Promise<Snapshot> } | undefined;

async function readSnapshot(): Promise<Snapshot> {
  const shippedYears = shippedCalendarYears();
  const stored = new Map((await currentCalendarYears()).map((s) => [s.year, s]));
  const years = new Map<number, CalendarYear>(shippedYears.map((y) => [y.year, y]));
  for (const [year, s] of stored) years.set(year, s.data);
  return { calendar: new ProductionCalendar([...years.values()]), stored, shipped: new Set(shippedYears.map((y) => y.year)) };
}

function snapshot(now = Date.now()): Promise<Snapshot> {
  if (!cache || now - cache.at >= cacheMs()) {
    const pending = readSnapshot();
    cache = { at: now, snapshot: pending };
    // A failed read is not cached: the next call tries again.
    pending.catch(() => {
      if (cache?.snapshot === pending) cache = undefined;
    });
  }
  return cache.snapshot;
}

/** The calendar in force (cached per container for OMS_CALENDAR_CACHE_MS, default 60 s). */
export async function currentCalendar(): Promise<ProductionCalendar> {
  return (await snapshot()).calendar;
}

/** Drops this container's copy (after a load here, so the loader sees its own decree at once). */
export function forgetCalendar(): void {
  cache = undefined;
}

/** The version in force: the last stored one, 1 for a shipped file, 0 for a provisional year. */
function versionOf(s: Snapshot, year: number): number {
  return s.stored.get(year)?.version ?? (s.shipped.has(year) ? 1 : 0);
}

export interface CalendarYearAnswer extends YearView {
  version: number;
  source: 'decree-loaded' | 'shipped-file' | 'labour-code';
  loadedAt?: string;
  loadedBy?: string;
  /** Every version loaded through the API, oldest first (the shipped file is version 1). */
  history: { version: number; loadedAt: string; loadedBy: string; loadedByOrg: string; decree: CalendarYear['decree'] }[];
}

export type CalendarYearResult = { ok: true; answer: CalendarYearAnswer } | { ok: false; status: 400 | 404 | 409; code: string; message: string };

/** A year as GET /v1/calendar/{year} answers (provisional years included). */
export async function calendarYear(year: number): Promise<CalendarYearResult> {
  const s = await snapshot();
  let view: YearView;
  try {
    view = s.calendar.describeYear(year);
  } catch (error) {
    return { ok: false, status: 404, code: 'NO_CALENDAR', message: `Производственный календарь за ${year} год не ведётся: ${(error as Error).message}` };
  }
  const stored = s.stored.get(year);
  const history = (await calendarVersions(year)).map(({ version, loadedAt, loadedBy, loadedByOrg, data }) => ({ version, loadedAt, loadedBy, loadedByOrg, decree: data.decree }));
  return {
    ok: true,
    answer: {
      ...view,
      version: versionOf(s, year),
      source: stored ? 'decree-loaded' : s.shipped.has(year) ? 'shipped-file' : 'labour-code',
      ...(stored ? { loadedAt: stored.loadedAt, loadedBy: stored.loadedBy } : {}),
      history,
    },
  };
}

/**
 * FOMS loads a year's decree (the shipped-file format: decree, transfers, holidayShifts,
 * workingWeekends): checked against art. 112, stored as a new version, in force here at once and
 * in other containers within the cache time. Open campaign duties are planned again, so deadlines
 * computed on a provisional year move to the decree's days.
 */
export async function loadCalendarDecree(year: number, body: unknown, by: { snils: string; org: string }, now: Date): Promise<CalendarYearResult> {
  const bodyYear = (body as { year?: unknown } | null)?.year;
  if (typeof body === 'object' && body !== null && bodyYear !== undefined && bodyYear !== year) {
    return { ok: false, status: 400, code: 'BAD_CALENDAR', message: `Поле year: ${String(bodyYear)} не совпадает с годом в пути (${year}).` };
  }
  let data: CalendarYear;
  try {
    data = parseCalendarYear(`${year} (запрос)`, body);
  } catch (error) {
    if (!(error instanceof CalendarDataError)) throw error;
    return { ok: false, status: 400, code: 'BAD_CALENDAR', message: error.message };
  }
  const version = versionOf(await snapshot(now.getTime()), year) + 1;
  const saved = await putCalendarVersion({ year, version, data, loadedAt: now.toISOString(), loadedBy: by.snils, loadedByOrg: by.org });
  if (!saved) return { ok: false, status: 409, code: 'CONFLICT', message: `Календарь ${year} года загружен одновременно другим пользователем (версия ${version}); повторите.` };
  forgetCalendar();
  await replanCampaigns();
  return calendarYear(year);
}

/** One plan message per region for every campaign (seed or created) with a schedule (planning is idempotent). */
async function replanCampaigns(): Promise<void> {
  const regions = [...loadReferenceData().regions.keys()];
  const ids = new Set([...loadCampaigns(), ...(await storedCampaigns())].map((c) => c.id));
  for (const id of ids) {
    const stored = await getSchedule(id);
    if (stored) await sendMessages(PLAN_QUEUE, regions.map((region): PlanMessage => ({ campaignId: id, region, version: stored.version })));
  }
}
