import { z } from 'zod';

/**
 * Russian production calendar (DOMAIN.md §6) for a five-day week. Pure: built from parsed year files
 * (shared/reference/data/calendar/<year>.json, format in shared/reference/README.md); reading them
 * from disk is shared/calendar/load.ts. Dates are ISO calendar days `YYYY-MM-DD`, never instants;
 * only `deadlineInstant` turns a day into an instant in a region's zone.
 *
 * A day is non-working when it is a fixed holiday (art. 112 ТК РФ, the constant below), a day off
 * moved onto it (decree transfer or art. 112 part 2 shift, both from the year file), or a Saturday
 * or Sunday not listed as a working weekend day.
 *
 * A year without a decree (after the first one that has one) is *provisional*, built from the
 * Labour Code alone (art. 112): the fixed holidays, and a holiday on a Saturday or Sunday gives the
 * next working day off (part 2) — except 1–8 January, whose weekend days only the yearly decree
 * moves (provisionally: not moved). Answers that rest on such a year say so (provisionalNote).
 * Years before the first loaded one are not guessed: asking about them throws.
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

/** Year data that breaks the schema or art. 112; the message names the source and the field. */
export class CalendarDataError extends Error {}

/**
 * Checks one year (a shipped file, or a decree loaded through the API) and returns its data; every
 * message names the source (`file`: a `YYYY.json` name, whose year must match, or any label) and the field.
 */
export function parseCalendarYear(file: string, json: unknown): CalendarYear {
  const fail = (path: Path, message: string): never => {
    throw new CalendarDataError(`Производственный календарь ${file}, поле ${fieldName(path)}: ${message}`);
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

/** A year's data; `decree` is absent for a provisional year (Labour Code only). */
export type CalendarYearData = Omit<CalendarYear, 'decree'> & { decree?: CalendarYear['decree'] };

interface YearDays {
  data: CalendarYearData;
  provisional: boolean;
  daysOff: Set<number>;
  workingWeekends: Set<number>;
}

/** Latest year a provisional calendar is built for (the decree's own bound). */
const LAST_YEAR = 2100;

/**
 * A year as the Labour Code alone makes it (art. 112): a holiday on a Saturday or Sunday gives the
 * next working day off (part 2, first sentence) — never for 1–8 January, whose weekend days the
 * government moves by its yearly decree (part 2, second sentence): without the decree, not moved.
 */
export function provisionalYear(year: number): CalendarYearData {
  const holidays = new Set(FIXED_HOLIDAYS.map((h) => dayNumber(`${year}-${h.day}`)!));
  const taken = new Set<number>();
  const holidayShifts: CalendarYearData['holidayShifts'] = [];
  for (const h of FIXED_HOLIDAYS) {
    const holiday = dayNumber(`${year}-${h.day}`)!;
    if (h.day.startsWith('01-') || !isWeekend(holiday)) continue;
    let off = holiday + 1;
    while (isWeekend(off) || holidays.has(off) || taken.has(off)) off += 1;
    taken.add(off);
    holidayShifts.push({ holiday: isoOf(holiday), dayOff: isoOf(off) });
  }
  return { year, transfers: [], holidayShifts, workingWeekends: [] };
}

/** The wording every answer resting on a provisional year carries (API field and XLSX line). */
export function provisionalNote(years: readonly number[]): string {
  const list = years.join(', ');
  return `календарь предварительный: ${list} ${years.length > 1 ? 'годы' : 'год'} — по ст. 112 ТК РФ, постановление о переносе выходных дней не загружено; сроки могут измениться`;
}

export interface YearView {
  year: number;
  provisional: boolean;
  decree?: CalendarYear['decree'];
  note?: string;
  holidays: { date: string; reason: string }[];
  workingWeekends: string[];
  transfers: CalendarYear['transfers'];
  holidayShifts: CalendarYear['holidayShifts'];
}

/** What a response says about the calendar it rests on, when any of it is provisional. */
export interface CalendarFlag {
  provisional: true;
  years: number[];
  note: string;
}

function yearDays(data: CalendarYearData, provisional: boolean): YearDays {
  const daysOff = new Set<number>([...data.transfers.map((t) => dayNumber(t.to)!), ...data.holidayShifts.map((s) => dayNumber(s.dayOff)!)]);
  return { data, provisional, daysOff, workingWeekends: new Set(data.workingWeekends.map((d) => dayNumber(d)!)) };
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

  /** Years without a decree, built on first use. */
  private readonly provisional = new Map<number, YearDays>();
  private readonly firstDecreeYear: number;

  /** Use parseProductionCalendar / loadProductionCalendar; this expects already checked years. */
  constructor(years: readonly CalendarYear[]) {
    for (const data of years) {
      if (this.byYear.has(data.year)) throw new Error(`Производственный календарь: ${data.year} год задан дважды`);
      this.byYear.set(data.year, yearDays(data, false));
    }
    this.firstDecreeYear = Math.min(Infinity, ...this.byYear.keys());
  }

  /** Years with a decree, ascending. */
  get years(): number[] {
    return [...this.byYear.keys()].sort((a, b) => a - b);
  }

  /** A year's data (decree number, date, transfers; no decree when provisional). Throws for a year before the data. */
  year(year: number): CalendarYearData {
    return this.days(year).data;
  }

  /** Whether the year has no decree and is computed from art. 112 alone (throws for a year before the data). */
  isProvisional(year: number): boolean {
    return this.days(year).provisional;
  }

  /** The flag for an answer resting on these days, or undefined when every one has a decree (or none is covered). */
  flagFor(isoDates: Iterable<string>): CalendarFlag | undefined {
    const years = [...new Set([...isoDates].map((d) => Number(d.slice(0, 4))))].filter((y) => !this.byYear.has(y) && this.covers(y)).sort((a, b) => a - b);
    return years.length ? { provisional: true, years, note: provisionalNote(years) } : undefined;
  }

  /**
   * The year as the API shows it: every non-working day other than an ordinary Saturday or Sunday
   * (fixed holidays, days off moved by the decree or by art. 112) and the working weekend days.
   */
  describeYear(year: number): YearView {
    const { data, provisional } = this.days(year);
    const named = new Map<string, string>(FIXED_HOLIDAYS.map((h) => [`${year}-${h.day}`, h.name]));
    for (const t of data.transfers) named.set(t.to, `выходной день перенесён с ${t.from} (постановление)`);
    for (const s of data.holidayShifts) named.set(s.dayOff, `выходной день перенесён с ${s.holiday} (ст. 112 ТК РФ)`);
    const holidays = [...named].map(([date, reason]) => ({ date, reason })).sort((a, b) => a.date.localeCompare(b.date));
    return {
      year,
      provisional,
      ...(data.decree ? { decree: data.decree } : {}),
      ...(provisional ? { note: provisionalNote([year]) } : {}),
      holidays,
      workingWeekends: [...data.workingWeekends].sort(),
      transfers: data.transfers,
      holidayShifts: data.holidayShifts,
    };
  }

  /** A year after the first with a decree: one the calendar answers for, by decree or provisionally. */
  private covers(year: number): boolean {
    return this.byYear.has(year) || (year > this.firstDecreeYear && year <= LAST_YEAR);
  }

  private days(year: number): YearDays {
    const y = this.byYear.get(year) ?? this.provisional.get(year);
    if (y) return y;
    if (this.covers(year)) {
      const built = yearDays(provisionalYear(year), true);
      this.provisional.set(year, built);
      return built;
    }
    const loaded = this.years.join(', ') || 'нет';
    throw new Error(`Производственный календарь: нет данных за ${year} год (загружены: ${loaded}); добавьте файл calendar/${year}.json`);
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
