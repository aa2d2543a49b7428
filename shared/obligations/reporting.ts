import { z } from 'zod';
import type { ProductionCalendar } from '../calendar/production-calendar.js';
import { deadlineInstant } from '../calendar/production-calendar.js';
import type { Region } from '../reference/types.js';
import { ruErrors } from '../validation/ru-errors.js';
import type { Obligation } from './model.js';

/**
 * Seed 002's reporting calendar as data (shared/reference/data/schedules/reporting-002.json): each
 * report a TFOMS owes FOMS for a period — a month, a quarter or a year — and its deadline:
 * `{"dayOfNextMonth": N}` (day N of the month after the period, ГК ст. 192–193: moved to the next
 * working day when non-working) or `{"monthDay": "MM-DD"}` (a day of the period's own year, moved
 * likewise). Deadlines are 24:00 (by default) on the region's clock. Periods whose deadline falls
 * before `inForceFrom` are not charged (the calendar did not exist then).
 */
const IsoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'дата ГГГГ-ММ-ДД');
const LocalTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'время ЧЧ:ММ (00:00–24:00)');

export const PERIOD_KINDS = ['month', 'quarter', 'year'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export const ReportDutySchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]{0,30}$/, 'латинские строчные буквы, цифры, дефис'),
    title: z.string().min(1),
    party: z.literal('TFOMS'),
    period: z.enum(PERIOD_KINDS),
    due: z.union([
      z.object({ dayOfNextMonth: z.number().int().min(1).max(31), time: LocalTime.default('24:00') }).strict(),
      z
        .object({ monthDay: z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'день года ММ-ДД'), time: LocalTime.default('24:00') })
        .strict(),
    ]),
    source: z.string().min(1),
  })
  .strict();
export type ReportDuty = z.infer<typeof ReportDutySchema>;

export const ReportingCalendarSchema = z
  .object({
    id: z.string().min(1),
    source: z.string().min(1),
    inForceFrom: IsoDay,
    reports: z.array(ReportDutySchema).min(1),
  })
  .strict()
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    c.reports.forEach((r, i) => {
      if (seen.has(r.id)) ctx.addIssue({ code: 'custom', path: ['reports', i, 'id'], message: `отчёт ${r.id} повторяется` });
      seen.add(r.id);
      if ('monthDay' in r.due && r.period !== 'year') ctx.addIssue({ code: 'custom', path: ['reports', i, 'due'], message: 'день года (monthDay) — только для годового отчёта' });
    });
  });
export type ReportingCalendar = z.infer<typeof ReportingCalendarSchema>;

export function parseReportingCalendar(json: unknown): ReportingCalendar {
  const parsed = ReportingCalendarSchema.safeParse(json, { error: ruErrors });
  if (!parsed.success) throw new Error(`Календарь отчётности: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

// ---- periods ----------------------------------------------------------------------------------

/** A reporting period: `2026-11` (month), `2026-Q4` (quarter), `2026` (year). */
export interface Period {
  id: string;
  kind: PeriodKind;
  /** First and last day. */
  from: string;
  to: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const lastDayOf = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** Parses a period id of the given kind; undefined when it is not one. */
export function parsePeriod(id: string, kind: PeriodKind): Period | undefined {
  let m: RegExpMatchArray | null;
  if (kind === 'month' && (m = id.match(/^(\d{4})-(0[1-9]|1[0-2])$/))) {
    const [y, mo] = [Number(m[1]), Number(m[2])];
    return { id, kind, from: `${m[1]}-${m[2]}-01`, to: `${m[1]}-${m[2]}-${pad(lastDayOf(y, mo))}` };
  }
  if (kind === 'quarter' && (m = id.match(/^(\d{4})-Q([1-4])$/))) {
    const q = Number(m[2]);
    const last = q * 3;
    return { id, kind, from: `${m[1]}-${pad(last - 2)}-01`, to: `${m[1]}-${pad(last)}-${pad(lastDayOf(Number(m[1]), last))}` };
  }
  if (kind === 'year' && /^\d{4}$/.test(id)) return { id, kind, from: `${id}-01-01`, to: `${id}-12-31` };
  return undefined;
}

/** The period of a kind that contains a day. */
export function periodOn(kind: PeriodKind, day: string): Period {
  const [y, m] = [day.slice(0, 4), Number(day.slice(5, 7))];
  const id = kind === 'month' ? `${y}-${pad(m)}` : kind === 'quarter' ? `${y}-Q${Math.ceil(m / 3)}` : y;
  return parsePeriod(id, kind)!;
}

/** The period before one (of the same kind). */
export function previousPeriod(p: Period): Period {
  const dayBefore = new Date(Date.parse(`${p.from}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  return periodOn(p.kind, dayBefore);
}

/**
 * The deadline day of a report for a period, on the production calendar. A day in a year before
 * the calendar's first decree (a report for 2021) is not moved: the calendar has no data there.
 */
export function dueDateOf(report: ReportDuty, period: Period, calendar: ProductionCalendar): string {
  const raw = 'dayOfNextMonth' in report.due ? dayOfNextMonth(period.to, report.due.dayOfNextMonth) : `${period.id.slice(0, 4)}-${report.due.monthDay}`;
  const first = calendar.years[0];
  if (first === undefined || Number(raw.slice(0, 4)) < first) return raw;
  return 'dayOfNextMonth' in report.due ? calendar.nthOfNextMonth(period.to, report.due.dayOfNextMonth) : calendar.addWorkingDays(raw, 0);
}

/** Day n of the month after a day's month (its last day when shorter), not moved. */
function dayOfNextMonth(day: string, n: number): string {
  const [y, m] = [Number(day.slice(0, 4)), Number(day.slice(5, 7))];
  const [ny, nm] = m === 12 ? [y + 1, 1] : [y, m + 1];
  return `${ny}-${pad(nm)}-${pad(Math.min(n, lastDayOf(ny, nm)))}`;
}

/**
 * From which day a report for a period may be submitted: the first day of the month its deadline
 * falls in — right after the period for monthly and quarterly reports; 1 December for a report
 * due on 20 December of its year (figures as of the day it is made).
 */
export function submittableFrom(dueDate: string): string {
  return `${dueDate.slice(0, 7)}-01`;
}

export const REPORT_OBLIGATION_PREFIX = 'r';

export function reportObligationId(reportId: string, period: string, region: string): string {
  return `${REPORT_OBLIGATION_PREFIX}.${reportId}.${period}.${region}`;
}

const ruDay = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;

export function periodLabel(p: Period): string {
  if (p.kind === 'month') return `${p.id.slice(5, 7)}.${p.id.slice(0, 4)}`;
  if (p.kind === 'quarter') return `${p.id.slice(6)} квартал ${p.id.slice(0, 4)} г.`;
  return `${p.id} год`;
}

/** The TFOMS's duty to submit one report for one period, due on the region's clock. */
export function reportObligation(calendar: ReportingCalendar, report: ReportDuty, period: Period, region: Region, production: ProductionCalendar): Obligation {
  const dueDate = dueDateOf(report, period, production);
  return {
    id: reportObligationId(report.id, period.id, region.code),
    kind: 'periodic-report',
    region: region.code,
    timeZone: region.timeZone,
    party: { type: 'TFOMS', code: region.code },
    title: `${report.title}: за ${periodLabel(period)} (до ${ruDay(dueDate)}; ${calendar.source})`,
    metBy: 'report-produced',
    reportId: report.id,
    period: period.id,
    dueDate,
    dueTime: report.due.time,
    dueAt: deadlineInstant(dueDate, report.due.time, region.timeZone),
    state: 'OPEN',
    version: 0,
  };
}

/**
 * The report duties to plan on a region's day: for each report, the period that contains the day
 * and the one before (so a duty exists from its period's start until its deadline has passed),
 * except those due before the calendar came into force.
 */
export function reportDutiesOn(calendar: ReportingCalendar, region: Region, localDay: string, production: ProductionCalendar): Obligation[] {
  const out: Obligation[] = [];
  for (const report of calendar.reports) {
    const current = periodOn(report.period, localDay);
    for (const period of [previousPeriod(current), current]) {
      const ob = reportObligation(calendar, report, period, region, production);
      if (ob.dueDate >= calendar.inForceFrom) out.push(ob);
    }
  }
  return out;
}
