import { z } from 'zod';

/**
 * Russian production calendar (SPEC §6) for a five-day week. Pure: built from parsed year files
 * (shared/reference/data/calendar/<year>.json, format in shared/reference/README.md); reading them
 * from disk is shared/calendar/load.ts. Dates are ISO calendar days `YYYY-MM-DD`, never instants;
 * only `deadlineInstant` turns a day into an instant in a region's zone.
 *
 * A day is non-working when it is a fixed holiday (art. 112 ТК РФ, the constant below), a day off
 * moved onto it (decree transfer or art. 112 part 2 shift, both from the year file), or a Saturday
 * or Sunday not listed as a working weekend day. Nothing is inferred for years without a file:
 * asking about such a day throws.
 */

/** Non-working public holidays, art. 112 part 1 ТК РФ (MM-DD). The law, not yearly data. */
export const FIXED_HOLIDAYS: readonly { day: string; name: string }[] = [
  { day: '01-01', name: 'Новогодние каникулы' },
  { day: '01-02', name: 'Новогодние каникулы' },
  { day: '01-03', name: 'Новогодние каникулы' },
  { day: '01-04', name: 'Новогодние каникулы' },
  { day: '01-05', name: 'Новогодние каникулы' },
  { day: '01-06', name: 'Новогодние каникулы' },
  { day: '01-07', name: 'Рождество Христово' },
  { day: '01-08', name: 'Новогодние каникулы' },
  { day: '02-23', name: 'День защитника Отечества' },
  { day: '03-08', name: 'Международный женский день' },
  { day: '05-01', name: 'Праздник Весны и Труда' },
  { day: '05-09', name: 'День Победы' },
  { day: '06-12', name: 'День России' },
  { day: '11-04', name: 'День народного единства' },
];
const FIXED = new Set(FIXED_HOLIDAYS.map((h) => h.day));

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** Day number (days since 1970-01-01) of a valid ISO day, else undefined. */
function dayNumber(iso: string): number | undefined {
  const m = ISO_DAY.exec(iso);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return undefined;
  return ms / DAY_MS;
}

function isoOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function yearOf(day: number): number {
  return new Date(day * DAY_MS).getUTCFullYear();
}

function isWeekend(day: number): boolean {
  const wd = new Date(day * DAY_MS).getUTCDay();
  return wd === 0 || wd === 6;
}

function isFixedHoliday(day: number): boolean {
  return FIXED.has(isoOf(day).slice(5));
}

function parseDay(iso: string, what = 'дата'): number {
  const day = typeof iso === 'string' ? dayNumber(iso) : undefined;
  if (day === undefined) throw new Error(`Производственный календарь: ${what} «${String(iso)}» не дата ГГГГ-ММ-ДД`);
  return day;
}

const IsoDay = z.string().refine((s) => dayNumber(s) !== undefined, 'ожидается существующая дата ГГГГ-ММ-ДД');

/** One year file: the transfer decree transcribed, plus the art. 112 shifts it relies on. */
export const CalendarYearSchema = z
  .object({
    year: z.number().int().min(1992).max(2100),
    decree: z
      .object({
        number: z.string().min(1),
        date: IsoDay,
        title: z.string().min(1),
        sources: z.array(z.string().min(1)).optional(),
      })
      .strict(),
    /** Decree lines «с <from> на <to>»: the weekend day `from` is moved, `to` becomes a day off. */
    transfers: z.array(z.object({ from: IsoDay, to: IsoDay }).strict()),
    /** Art. 112 part 2: a holiday on a weekend moves the weekend day to the next working day. */
    holidayShifts: z.array(z.object({ holiday: IsoDay, dayOff: IsoDay }).strict()),
    /** Saturdays/Sundays that are working days (the `from` of transfers that are not holidays). */
    workingWeekends: z.array(IsoDay),
  })
  .strict();

export type CalendarYear = z.infer<typeof CalendarYearSchema>;

/** A year file as read: its name (for messages) and parsed JSON. */
export interface CalendarYearFile {
  file: string;
  json: unknown;
}

type Path = readonly PropertyKey[];

function fieldName(path: Path): string {
  return path.reduce<string>((s, k) => (typeof k === 'number' ? `${s}[${k}]` : s ? `${s}.${String(k)}` : String(k)), '') || '(файл)';
}

/** Value at an issue's path (zod 4 issues do not carry their input by default). */
function valueAt(json: unknown, path: Path): unknown {
  return path.reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined), json);
}

function issueText(issue: z.core.$ZodIssue, json: unknown): string {
  if (issue.code === 'unrecognized_keys') return `неизвестное поле ${issue.keys.map((k) => `«${k}»`).join(', ')}`;
  if (issue.code === 'invalid_type') {
    return valueAt(json, issue.path) === undefined ? 'обязательное поле не заполнено' : `неверный тип, ожидается ${issue.expected}`;
  }
  if (issue.code === 'too_small' || issue.code === 'too_big') return `значение вне допустимых границ`;
  return issue.message;
}

/** Checks one year file and returns its data; every message names the file and the field. */
export function parseCalendarYear(file: string, json: unknown): CalendarYear {
  const fail = (path: Path, message: string): never => {
    throw new Error(`Производственный календарь ${file}, поле ${fieldName(path)}: ${message}`);
  };
  const parsed = CalendarYearSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return fail(issue.path, issueText(issue, json));
  }
  const data = parsed.data;
  const nameYear = /^(\d{4})\.json$/.exec(file.split(/[\\/]/).pop() ?? '')?.[1];
  if (nameYear !== undefined && Number(nameYear) !== data.year) fail(['year'], `${data.year} не совпадает с именем файла`);

  const day = (iso: string, path: Path): number => {
    const d = dayNumber(iso)!;
    if (yearOf(d) !== data.year) fail(path, `дата ${iso} не из ${data.year} года`);
    return d;
  };
  const daysOff = new Map<number, string>();
  const addDayOff = (d: number, path: Path): void => {
    if (isWeekend(d) || isFixedHoliday(d)) fail(path, `${isoOf(d)} уже нерабочий день (выходной или праздник), перенос на него невозможен`);
    if (daysOff.has(d)) fail(path, `${isoOf(d)} уже назначен выходным (${daysOff.get(d)})`);
    daysOff.set(d, fieldName(path));
  };
  const moved = new Set<number>();
  const markMoved = (d: number, path: Path): void => {
    if (moved.has(d)) fail(path, `выходной ${isoOf(d)} перенесён дважды`);
    moved.add(d);
  };

  const expectedWorking = new Set<number>();
  data.transfers.forEach((t, i) => {
    const from = day(t.from, ['transfers', i, 'from']);
    const to = day(t.to, ['transfers', i, 'to']);
    if (!isWeekend(from)) fail(['transfers', i, 'from'], `${t.from} не суббота и не воскресенье: переносится выходной день`);
    markMoved(from, ['transfers', i, 'from']);
    addDayOff(to, ['transfers', i, 'to']);
    if (!isFixedHoliday(from)) expectedWorking.add(from);
  });
  data.holidayShifts.forEach((s, i) => {
    const holiday = day(s.holiday, ['holidayShifts', i, 'holiday']);
    const off = day(s.dayOff, ['holidayShifts', i, 'dayOff']);
    // January weekends are moved only by the decree (art. 112 part 2, second sentence).
    if (!isFixedHoliday(holiday) || s.holiday.slice(5, 7) === '01' || !isWeekend(holiday)) {
      fail(['holidayShifts', i, 'holiday'], `${s.holiday} не праздник (кроме 1–8 января), выпавший на выходной`);
    }
    if (off <= holiday) fail(['holidayShifts', i, 'dayOff'], `${s.dayOff} не позже праздника ${s.holiday}`);
    markMoved(holiday, ['holidayShifts', i, 'holiday']);
    addDayOff(off, ['holidayShifts', i, 'dayOff']);
  });
  const working = new Set<number>();
  data.workingWeekends.forEach((iso, i) => {
    const d = day(iso, ['workingWeekends', i]);
    if (!isWeekend(d)) fail(['workingWeekends', i], `${iso} не суббота и не воскресенье`);
    if (working.has(d)) fail(['workingWeekends', i], `${iso} указан дважды`);
    if (!expectedWorking.has(d)) fail(['workingWeekends', i], `${iso} не перенесён постановлением (нет в transfers[].from)`);
    working.add(d);
  });
  for (const d of expectedWorking) {
    if (!working.has(d)) fail(['workingWeekends'], `нет ${isoOf(d)}: выходной перенесён постановлением, значит этот день рабочий`);
  }
  // Every non-January holiday on a weekend moves that weekend day somewhere (art. 112 part 2).
  for (const h of FIXED_HOLIDAYS) {
    if (h.day.startsWith('01-')) continue;
    const d = dayNumber(`${data.year}-${h.day}`)!;
    if (isWeekend(d) && !moved.has(d)) {
      fail(['holidayShifts'], `${isoOf(d)} (${h.name}) выпадает на выходной: нужен перенос по ст. 112 ТК РФ (holidayShifts) или по постановлению (transfers)`);
    }
  }
  return data;
}

interface YearDays {
  data: CalendarYear;
  daysOff: Set<number>;
  workingWeekends: Set<number>;
}

/** Local wall-clock time in an IANA zone → UTC ISO instant (Intl only; no DST in Russia since 2014). */
export function deadlineInstant(isoDate: string, localTime: string, timeZone: string): string {
  const day = parseDay(isoDate);
  const t = /^(\d{2}):(\d{2})$/.exec(localTime);
  const hh = Number(t?.[1]);
  const mm = Number(t?.[2]);
  // 24:00 = end of the day («до 24 часов»), i.e. 00:00 of the next day.
  if (!t || mm > 59 || hh > 24 || (hh === 24 && mm !== 0)) {
    throw new Error(`Срок: время «${localTime}» не в формате ЧЧ:ММ (00:00–24:00)`);
  }
  const wall = day * DAY_MS + (hh * 60 + mm) * 60_000;
  const offset = (utc: number): number => zoneOffsetMs(utc, timeZone);
  // Two passes settle offsets that differ between the guess and the answer (DST elsewhere).
  const first = wall - offset(wall);
  return new Date(wall - offset(first)).toISOString();
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function zoneOffsetMs(utc: number, timeZone: string): number {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
      });
    } catch {
      throw new Error(`Срок: неизвестный часовой пояс «${timeZone}»`);
    }
    formatters.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(utc)).map((x) => [x.type, x.value]));
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return asUtc - Math.floor(utc / 1000) * 1000;
}

export class ProductionCalendar {
  private readonly byYear = new Map<number, YearDays>();

  /** Use parseProductionCalendar / loadProductionCalendar; this expects already checked years. */
  constructor(years: readonly CalendarYear[]) {
    for (const data of years) {
      if (this.byYear.has(data.year)) throw new Error(`Производственный календарь: ${data.year} год задан дважды`);
      const daysOff = new Set<number>([
        ...data.transfers.map((t) => dayNumber(t.to)!),
        ...data.holidayShifts.map((s) => dayNumber(s.dayOff)!),
      ]);
      this.byYear.set(data.year, { data, daysOff, workingWeekends: new Set(data.workingWeekends.map((d) => dayNumber(d)!)) });
    }
  }

  /** Loaded years, ascending. */
  get years(): number[] {
    return [...this.byYear.keys()].sort((a, b) => a - b);
  }

  /** The year file's data (decree number, date, transfers). Throws for a year not loaded. */
  year(year: number): CalendarYear {
    return this.days(year).data;
  }

  private days(year: number): YearDays {
    const y = this.byYear.get(year);
    if (!y) {
      const loaded = this.years.join(', ') || 'нет';
      throw new Error(`Производственный календарь: нет данных за ${year} год (загружены: ${loaded}); добавьте файл calendar/${year}.json`);
    }
    return y;
  }

  private working(day: number): boolean {
    const y = this.days(yearOf(day));
    if (isFixedHoliday(day) || y.daysOff.has(day)) return false;
    return !isWeekend(day) || y.workingWeekends.has(day);
  }

  /** Whether the day is a working day of the five-day week. */
  isWorkingDay(isoDate: string): boolean {
    return this.working(parseDay(isoDate));
  }

  /**
   * «Через N рабочих дней»: the Nth working day strictly after the date; the date itself never
   * counts, whether working or not. n = 0 gives the date itself if working, else the next working
   * day (a same-day deadline falling on a day off moves forward).
   */
  addWorkingDays(isoDate: string, n: number): string {
    if (!Number.isInteger(n) || n < 0) throw new Error(`Производственный календарь: число рабочих дней ${n} должно быть целым ≥ 0`);
    let day = parseDay(isoDate);
    if (n === 0) return isoOf(this.onOrAfter(day));
    for (let left = n; left > 0; ) {
      day += 1;
      if (this.working(day)) left -= 1;
    }
    return isoOf(day);
  }

  /** The first `count` working days on or after the date (the date itself included if working). */
  nextWorkingDays(isoDate: string, count: number): string[] {
    if (!Number.isInteger(count) || count < 0) throw new Error(`Производственный календарь: количество дней ${count} должно быть целым ≥ 0`);
    const out: string[] = [];
    for (let day = parseDay(isoDate); out.length < count; day++) if (this.working(day)) out.push(isoOf(day));
    return out;
  }

  /**
   * Working days d with a < d ≤ b, so workingDaysBetween(a, addWorkingDays(a, n)) = n for n ≥ 1.
   * Negative when b < a (e.g. how many working days a deadline is overdue, read the other way).
   */
  workingDaysBetween(a: string, b: string): number {
    const from = parseDay(a);
    const to = parseDay(b);
    if (to < from) return -this.workingDaysBetween(b, a);
    let count = 0;
    for (let day = from + 1; day <= to; day++) if (this.working(day)) count += 1;
    return count;
  }

  /**
   * «До N-го числа следующего месяца»: the Nth day of the month after the date's month; when that
   * month is shorter, its last day (ГК РФ ст. 192 п. 3). A non-working result moves to the next
   * working day (ГК РФ ст. 193).
   */
  nthOfNextMonth(isoDate: string, n: number): string {
    if (!Number.isInteger(n) || n < 1 || n > 31) throw new Error(`Производственный календарь: число месяца ${n} должно быть от 1 до 31`);
    const d = new Date(parseDay(isoDate) * DAY_MS);
    const y = d.getUTCFullYear();
    const m = d.getUTCMonth() + 1; // JS month index of the next month
    const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
    return isoOf(this.onOrAfter(Date.UTC(y, m, Math.min(n, lastDay)) / DAY_MS));
  }

  /** Same as the module's deadlineInstant; here for callers holding only the calendar. */
  deadlineInstant(isoDate: string, localTime: string, timeZone: string): string {
    return deadlineInstant(isoDate, localTime, timeZone);
  }

  private onOrAfter(day: number): number {
    while (!this.working(day)) day += 1;
    return day;
  }
}

/** Checks every year file and builds the calendar; bad data throws naming the file and field. */
export function parseProductionCalendar(files: readonly CalendarYearFile[]): ProductionCalendar {
  if (files.length === 0) throw new Error('Производственный календарь: нет ни одного файла года');
  const years = files.map((f) => parseCalendarYear(f.file, f.json));
  const seen = new Map<number, string>();
  years.forEach((y, i) => {
    const other = seen.get(y.year);
    if (other) throw new Error(`Производственный календарь ${files[i]!.file}: ${y.year} год уже задан в ${other}`);
    seen.set(y.year, files[i]!.file);
  });
  return new ProductionCalendar(years);
}
