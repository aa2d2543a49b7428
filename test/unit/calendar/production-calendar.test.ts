import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CALENDAR_SUBDIR, loadProductionCalendar } from '../../../shared/calendar/load.js';
import {
  deadlineInstant,
  parseCalendarYear,
  parseProductionCalendar,
  ProductionCalendar,
  provisionalYear,
  type CalendarYear,
} from '../../../shared/calendar/production-calendar.js';
import { resolveReferenceDir } from '../../../shared/reference/load.js';

// Every expected value below is read off the decrees and the government's announcements
// (see shared/reference/README.md, «Производственный календарь»), not off this code.
const cal = loadProductionCalendar();
const shippedDir = join(resolveReferenceDir(), CALENDAR_SUBDIR);
const shipped = (year: number): Record<string, unknown> =>
  JSON.parse(readFileSync(join(shippedDir, `${year}.json`), 'utf8')) as Record<string, unknown>;

function days(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + 1)) {
    out.push(d.toISOString().slice(0, 10));
  }
  return out;
}

function shift(iso: string, n: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Rest periods as announced with each decree; the day before and after each must be working. */
const REST_PERIODS: Record<number, [string, string][]> = {
  2024: [
    ['2024-01-01', '2024-01-08'], ['2024-02-23', '2024-02-25'], ['2024-03-08', '2024-03-10'],
    ['2024-04-28', '2024-05-01'], ['2024-05-09', '2024-05-12'], ['2024-06-12', '2024-06-12'],
    ['2024-11-03', '2024-11-04'], ['2024-12-29', '2025-01-08'],
  ],
  2025: [
    ['2025-02-22', '2025-02-23'], ['2025-03-08', '2025-03-09'], ['2025-05-01', '2025-05-04'],
    ['2025-05-08', '2025-05-11'], ['2025-06-12', '2025-06-15'], ['2025-11-02', '2025-11-04'],
    ['2025-12-31', '2026-01-11'],
  ],
  2026: [
    ['2026-02-21', '2026-02-23'], ['2026-03-07', '2026-03-09'], ['2026-05-01', '2026-05-03'],
    ['2026-05-09', '2026-05-11'], ['2026-06-12', '2026-06-14'], ['2026-11-04', '2026-11-04'],
  ],
};

describe('shipped years agree with the decrees', () => {
  it('loads 2024, 2025 and 2026 with their decree numbers', () => {
    expect(cal.years).toEqual([2024, 2025, 2026]);
    expect(cal.year(2024).decree).toMatchObject({ number: '1314', date: '2023-08-10' });
    expect(cal.year(2025).decree).toMatchObject({ number: '1335', date: '2024-10-04' });
    expect(cal.year(2026).decree).toMatchObject({ number: '1466', date: '2025-09-24' });
  });

  for (const [year, periods] of Object.entries(REST_PERIODS)) {
    it(`${year}: announced rest periods are non-working and bounded by working days`, () => {
      for (const [from, to] of periods) {
        for (const d of days(from, to)) expect(cal.isWorkingDay(d), d).toBe(false);
        // Neighbours in years without a file (2023, 2027) cannot be checked here.
        const loaded = (d: string): boolean => cal.years.includes(Number(d.slice(0, 4)));
        if (loaded(shift(from, -1))) expect(cal.isWorkingDay(shift(from, -1)), `before ${from}`).toBe(true);
        if (loaded(shift(to, 1))) expect(cal.isWorkingDay(shift(to, 1)), `after ${to}`).toBe(true);
      }
    });
  }

  it('2026 ends with a day off on Thursday 31 December', () => {
    expect(cal.isWorkingDay('2026-12-30')).toBe(true);
    expect(cal.isWorkingDay('2026-12-31')).toBe(false);
  });

  it('yearly and monthly working-day totals match the published calendars', () => {
    expect(cal.workingDaysBetween('2023-12-31', '2024-12-31')).toBe(248);
    expect(cal.workingDaysBetween('2024-12-31', '2025-12-31')).toBe(247);
    expect(cal.workingDaysBetween('2025-12-31', '2026-12-31')).toBe(247);
    expect(cal.workingDaysBetween('2024-10-31', '2024-11-30')).toBe(21);
    expect(cal.workingDaysBetween('2024-11-30', '2024-12-31')).toBe(21);
    expect(cal.workingDaysBetween('2024-12-31', '2025-01-31')).toBe(17);
    expect(cal.workingDaysBetween('2025-12-31', '2026-01-31')).toBe(15);
  });

  it('working Saturdays are exactly the decrees\' ones', () => {
    const saturdays = [2024, 2025, 2026].flatMap((y) => days(`${y}-01-01`, `${y}-12-31`))
      .filter((d) => new Date(`${d}T00:00:00Z`).getUTCDay() % 6 === 0 && cal.isWorkingDay(d));
    expect(saturdays).toEqual(['2024-04-27', '2024-11-02', '2024-12-28', '2025-11-01']);
  });
});

describe('addWorkingDays: the Nth working day after the date', () => {
  it('crosses a weekend', () => {
    expect(cal.addWorkingDays('2025-10-17', 1)).toBe('2025-10-20'); // Fri → Mon
    expect(cal.addWorkingDays('2025-10-16', 3)).toBe('2025-10-21');
  });

  it('crosses the New Year holidays: 30 Dec 2025 + 3 = 14 Jan 2026', () => {
    // 31 Dec (from 5 Jan), 1–8 Jan, 9 Jan (from 3 Jan), 10–11 Jan weekend → 12, 13, 14 Jan.
    expect(cal.addWorkingDays('2025-12-30', 3)).toBe('2026-01-14');
    expect(cal.workingDaysBetween('2025-12-30', '2026-01-14')).toBe(3);
    expect(cal.workingDaysBetween('2026-01-14', '2025-12-30')).toBe(-3);
  });

  it('counts a transferred working Saturday (1 Nov 2025) and skips 3 Nov 2025', () => {
    expect(cal.isWorkingDay('2025-11-01')).toBe(true);
    expect(cal.isWorkingDay('2025-11-03')).toBe(false);
    expect(cal.addWorkingDays('2025-10-24', 6)).toBe('2025-11-01');
    expect(cal.addWorkingDays('2025-11-01', 1)).toBe('2025-11-05');
    expect(cal.addWorkingDays('2024-12-27', 1)).toBe('2024-12-28');
  });

  it('n = 0 is the date itself when working, else the next working day', () => {
    expect(cal.addWorkingDays('2026-03-06', 0)).toBe('2026-03-06');
    expect(cal.addWorkingDays('2026-01-05', 0)).toBe('2026-01-12');
    expect(() => cal.addWorkingDays('2026-03-06', -1)).toThrow(/целым ≥ 0/);
    expect(() => cal.addWorkingDays('2026-03-06', 1.5)).toThrow(/целым ≥ 0/);
  });
});

describe('the next 10 working days', () => {
  it('from Friday 6 March 2026 skips Monday 9 March (8 March on a Sunday, art. 112)', () => {
    expect(cal.isWorkingDay('2026-03-09')).toBe(false);
    expect(cal.nextWorkingDays('2026-03-06', 10)).toEqual([
      '2026-03-06', '2026-03-10', '2026-03-11', '2026-03-12', '2026-03-13',
      '2026-03-16', '2026-03-17', '2026-03-18', '2026-03-19', '2026-03-20',
    ]);
    expect(cal.addWorkingDays('2026-03-06', 10)).toBe('2026-03-23');
  });

  it('starting on a day off begins with the next working day', () => {
    expect(cal.nextWorkingDays('2026-05-09', 2)).toEqual(['2026-05-12', '2026-05-13']);
    expect(cal.nextWorkingDays('2026-05-09', 0)).toEqual([]);
  });
});

describe('nthOfNextMonth: by the Nth of next month', () => {
  it('keeps a working day', () => {
    expect(cal.nthOfNextMonth('2025-10-20', 20)).toBe('2025-11-20');
  });
  it('moves a weekend to the next working day', () => {
    expect(cal.nthOfNextMonth('2025-09-15', 5)).toBe('2025-10-06'); // Sun 5 Oct
    expect(cal.nthOfNextMonth('2026-04-10', 10)).toBe('2026-05-12'); // Sun 10 May, Mon 11 May off
  });
  it('moves a holiday past the New Year break', () => {
    expect(cal.nthOfNextMonth('2025-12-10', 5)).toBe('2026-01-12');
  });
  it('uses the last day of a shorter month', () => {
    expect(cal.nthOfNextMonth('2026-01-15', 31)).toBe('2026-03-02'); // Sat 28 Feb → Mon 2 Mar
    expect(cal.nthOfNextMonth('2025-03-31', 31)).toBe('2025-04-30');
    expect(() => cal.nthOfNextMonth('2025-03-31', 0)).toThrow(/от 1 до 31/);
  });
});

describe('deadlineInstant: local wall-clock time → UTC instant', () => {
  it('09:00 on one day gives four instants across Russia, Kamchatka on the previous UTC day', () => {
    const at = (zone: string): string => cal.deadlineInstant('2026-03-10', '09:00', zone);
    expect(at('Europe/Kaliningrad')).toBe('2026-03-10T07:00:00.000Z');
    expect(at('Europe/Moscow')).toBe('2026-03-10T06:00:00.000Z');
    expect(at('Asia/Novosibirsk')).toBe('2026-03-10T02:00:00.000Z');
    expect(at('Asia/Kamchatka')).toBe('2026-03-09T21:00:00.000Z');
  });

  it('covers UTC+2…+12 (DOMAIN.md §10), summer and winter alike (no DST in Russia)', () => {
    const zones: [string, number][] = [
      ['Europe/Kaliningrad', 2], ['Europe/Simferopol', 3], ['Europe/Samara', 4], ['Asia/Yekaterinburg', 5],
      ['Asia/Omsk', 6], ['Asia/Krasnoyarsk', 7], ['Asia/Irkutsk', 8], ['Asia/Yakutsk', 9],
      ['Asia/Vladivostok', 10], ['Asia/Magadan', 11], ['Asia/Anadyr', 12],
    ];
    for (const [zone, offset] of zones) {
      for (const day of ['2025-01-15', '2025-07-15']) {
        const expected = new Date(Date.parse(`${day}T18:00:00Z`) - offset * 3_600_000).toISOString();
        expect(deadlineInstant(day, '18:00', zone), zone).toBe(expected);
      }
    }
  });

  it('24:00 is the end of the day; bad input is refused in Russian', () => {
    expect(deadlineInstant('2025-12-30', '24:00', 'Europe/Moscow')).toBe('2025-12-30T21:00:00.000Z');
    expect(() => deadlineInstant('2025-12-30', '9:00', 'Europe/Moscow')).toThrow(/ЧЧ:ММ/);
    expect(() => deadlineInstant('2025-12-30', '24:30', 'Europe/Moscow')).toThrow(/ЧЧ:ММ/);
    expect(() => deadlineInstant('2025-12-30', '09:00', 'Europe/Atlantis')).toThrow(/неизвестный часовой пояс «Europe\/Atlantis»/);
    expect(() => deadlineInstant('2025-02-30', '09:00', 'Europe/Moscow')).toThrow(/«2025-02-30» не дата/);
  });
});

/** Real weekday of an ISO day (0 = Sunday … 6 = Saturday), by the JS clock, not by the code under test. */
const weekday = (iso: string) => new Date(`${iso}T00:00:00Z`).getUTCDay();
/** Every day of a year. */
const yearDays = (year: number) => days(`${year}-01-01`, `${year}-12-31`);

describe('a year without a decree is provisional (art. 112 ТК РФ)', () => {
  it('2027 has no file: computed and flagged, not refused; years before the data are still refused', () => {
    expect(cal.years).toEqual([2024, 2025, 2026]);
    expect(cal.isProvisional(2027)).toBe(true);
    expect(cal.isProvisional(2026)).toBe(false);
    expect(cal.year(2027).decree).toBeUndefined();
    expect(() => cal.isWorkingDay('2023-12-29')).toThrow(/нет данных за 2023 год/);
    expect(() => cal.isWorkingDay('2025-13-01')).toThrow(/не дата ГГГГ-ММ-ДД/);
    // 31 Dec 2026 is off by the 2026 decree; 1–8 Jan are holidays, 9–10 Jan a weekend.
    expect(cal.addWorkingDays('2026-12-30', 1)).toBe('2027-01-11');
  });

  it('a holiday on a Saturday or Sunday gives the next working day off (2027, real weekdays)', () => {
    expect([weekday('2027-05-01'), weekday('2027-05-09'), weekday('2027-06-12')]).toEqual([6, 0, 6]);
    expect(['2027-05-01', '2027-05-03', '2027-05-09', '2027-05-10', '2027-06-12', '2027-06-14'].map((d) => cal.isWorkingDay(d))).toEqual([false, false, false, false, false, false]);
    expect(['2027-05-04', '2027-05-11', '2027-06-15'].map((d) => cal.isWorkingDay(d))).toEqual([true, true, true]);
    // Holidays on weekdays move nothing: 23 Feb (Tue), 8 Mar (Mon), 4 Nov (Thu).
    expect([weekday('2027-02-23'), weekday('2027-03-08'), weekday('2027-11-04')]).toEqual([2, 1, 4]);
    expect(['2027-02-23', '2027-03-08', '2027-11-04'].map((d) => cal.isWorkingDay(d))).toEqual([false, false, false]);
    expect(['2027-02-24', '2027-03-09', '2027-11-05'].map((d) => cal.isWorkingDay(d))).toEqual([true, true, true]);
    expect(provisionalYear(2027).holidayShifts).toEqual([
      { holiday: '2027-05-01', dayOff: '2027-05-03' },
      { holiday: '2027-05-09', dayOff: '2027-05-10' },
      { holiday: '2027-06-12', dayOff: '2027-06-14' },
    ]);
  });

  it('1–8 January are never moved provisionally: only the decree moves their weekend days', () => {
    expect([weekday('2027-01-02'), weekday('2027-01-03')]).toEqual([6, 0]);
    expect(days('2027-01-01', '2027-01-10').every((d) => !cal.isWorkingDay(d))).toBe(true);
    expect(cal.isWorkingDay('2027-01-11')).toBe(true);
    // 2028: 1 and 2 January fall on Saturday and Sunday; still nothing after the 8th is off.
    expect([weekday('2028-01-01'), weekday('2028-01-02')]).toEqual([6, 0]);
    expect(cal.isWorkingDay('2028-01-10')).toBe(true);
    expect(provisionalYear(2028).holidayShifts.filter((s) => s.holiday.startsWith('2028-01'))).toEqual([]);
    const december = days('2027-12-01', '2027-12-31').filter((d) => cal.isWorkingDay(d));
    expect(december).toContain('2027-12-31'); // no decree: the last day of the year stays working
  });

  it('agrees with the shifts real decrees made by art. 112 alone (2026: 8 March and 9 May)', () => {
    expect(provisionalYear(2026).holidayShifts).toEqual(shipped(2026).holidayShifts);
  });

  it('answers that rest on a provisional year carry the flag; others do not', () => {
    expect(cal.flagFor(['2026-12-20', '2026-12-30'])).toBeUndefined();
    expect(cal.flagFor(['2020-05-01'])).toBeUndefined(); // before the data: not flagged, not thrown
    const flag = cal.flagFor(['2026-12-30', '2027-01-11', '2027-01-12']);
    expect(flag).toMatchObject({ provisional: true, years: [2027] });
    expect(flag?.note).toMatch(/^календарь предварительный: 2027 год — по ст\. 112 ТК РФ/);
    const view = cal.describeYear(2027);
    expect(view).toMatchObject({ year: 2027, provisional: true, workingWeekends: [] });
    expect(view.decree).toBeUndefined();
    expect(view.holidays.find((h) => h.date === '2027-05-10')?.reason).toMatch(/ст\. 112/);
    expect(view.holidays).toHaveLength(14 + 3);
  });

  it('a new year is a new file: 2027 loads from a directory without code changes', () => {
    const root = mkdtempSync(join(tmpdir(), 'calendar-'));
    cpSync(shippedDir, join(root, CALENDAR_SUBDIR), { recursive: true });
    // Fictitious decree; 1 May, 9 May and 12 Jun 2027 fall on weekends and need art. 112 shifts.
    const fake = {
      year: 2027,
      decree: { number: 'тест', date: '2026-09-01', title: 'О переносе выходных дней в 2027 году (тест)' },
      transfers: [{ from: '2027-01-02', to: '2027-01-11' }, { from: '2027-01-03', to: '2027-12-31' }],
      holidayShifts: [
        { holiday: '2027-05-01', dayOff: '2027-05-03' },
        { holiday: '2027-05-09', dayOff: '2027-05-10' },
        { holiday: '2027-06-12', dayOff: '2027-06-14' },
      ],
      workingWeekends: [],
    };
    writeFileSync(join(root, CALENDAR_SUBDIR, '2027.json'), JSON.stringify(fake));
    const next = loadProductionCalendar(root);
    expect(next.years).toEqual([2024, 2025, 2026, 2027]);
    expect(next.isWorkingDay('2027-01-11')).toBe(false);
    expect(next.addWorkingDays('2026-12-30', 1)).toBe('2027-01-12');
    expect(next.isWorkingDay('2027-05-10')).toBe(false);
  });

  it('a decree changes only the days it names', () => {
    // Fictitious decree: Sat 2 Jan → Mon 11 Jan, Sun 3 Jan → Fri 31 Dec, Sat 6 Nov → Fri 5 Nov (6 Nov works).
    expect(weekday('2027-11-06')).toBe(6);
    const decree = {
      year: 2027,
      decree: { number: 'тест', date: '2026-09-01', title: 'О переносе выходных дней в 2027 году (тест)' },
      transfers: [{ from: '2027-01-02', to: '2027-01-11' }, { from: '2027-01-03', to: '2027-12-31' }, { from: '2027-11-06', to: '2027-11-05' }],
      holidayShifts: provisionalYear(2027).holidayShifts,
      workingWeekends: ['2027-11-06'],
    };
    const withDecree = new ProductionCalendar([...[2024, 2025, 2026].map((y) => cal.year(y) as CalendarYear), parseCalendarYear('2027.json', decree)]);
    expect(withDecree.isProvisional(2027)).toBe(false);
    expect(withDecree.flagFor(['2027-01-11'])).toBeUndefined();
    const changed = yearDays(2027).filter((d) => withDecree.isWorkingDay(d) !== cal.isWorkingDay(d));
    expect(changed).toEqual(['2027-01-11', '2027-11-05', '2027-11-06', '2027-12-31']);
    expect(withDecree.isWorkingDay('2027-11-06')).toBe(true);
    expect(withDecree.addWorkingDays('2026-12-30', 1)).toBe('2027-01-12');
    // 2028 is provisional again after a 2027 decree, and so is a gap year before a later decree.
    expect(withDecree.isProvisional(2028)).toBe(true);
  });
});

describe('bad data fails loudly, naming file and field', () => {
  const parse = (file: string, json: unknown) => () => parseCalendarYear(file, json);
  const y2025 = shipped(2025);

  it('schema errors', () => {
    const { decree, ...rest } = y2025 as { decree: Record<string, unknown> };
    expect(parse('2025.json', { ...rest, decree: { ...decree, number: undefined } }))
      .toThrow('Производственный календарь 2025.json, поле decree.number: обязательное поле не заполнено');
    expect(parse('2025.json', { ...y2025, transfers: [{ from: '2025-01-04', to: '2025-02-30' }] }))
      .toThrow(/2025\.json, поле transfers\[0\]\.to: ожидается существующая дата/);
    expect(parse('2025.json', { ...y2025, transfer: [] })).toThrow(/поле \(файл\): неизвестное поле «transfer»/);
    expect(parse('2025.json', { ...y2025, workingWeekends: '2025-11-01' })).toThrow(/поле workingWeekends: неверный тип/);
  });

  it('consistency errors', () => {
    expect(parse('2024.json', y2025)).toThrow(/2024\.json, поле year: 2025 не совпадает с именем файла/);
    expect(parse('2025.json', { ...y2025, transfers: [{ from: '2025-01-04', to: '2026-05-04' }], workingWeekends: [] }))
      .toThrow(/поле transfers\[0\]\.to: дата 2026-05-04 не из 2025 года/);
    expect(parse('2025.json', { ...y2025, transfers: [{ from: '2025-11-01', to: '2025-11-02' }] }))
      .toThrow(/поле transfers\[0\]\.to: 2025-11-02 уже нерабочий день/);
    expect(parse('2025.json', { ...y2025, transfers: [{ from: '2025-10-31', to: '2025-11-03' }], workingWeekends: [] }))
      .toThrow(/поле transfers\[0\]\.from: 2025-10-31 не суббота/);
    expect(parse('2025.json', { ...y2025, workingWeekends: [] })).toThrow(/поле workingWeekends: нет 2025-11-01/);
    expect(parse('2025.json', { ...y2025, workingWeekends: ['2025-11-01', '2025-11-08'] }))
      .toThrow(/поле workingWeekends\[1\]: 2025-11-08 не перенесён/);
    expect(parse('2026.json', { ...shipped(2026), holidayShifts: [] }))
      .toThrow(/2026\.json, поле holidayShifts: 2026-03-08 \(Международный женский день\) выпадает на выходной/);
    expect(parse('2026.json', { ...shipped(2026), holidayShifts: [{ holiday: '2026-03-08', dayOff: '2026-01-09' }] }))
      .toThrow(/поле holidayShifts\[0\]\.dayOff: 2026-01-09 не позже праздника/);
  });

  it('the loader refuses stray files, broken JSON and duplicate years', () => {
    const root = mkdtempSync(join(tmpdir(), 'calendar-bad-'));
    mkdirSync(join(root, CALENDAR_SUBDIR));
    expect(() => loadProductionCalendar(root)).toThrow(/нет ни одного файла года/);
    writeFileSync(join(root, CALENDAR_SUBDIR, '2025.json'), '{ "year": 2025, ');
    expect(() => loadProductionCalendar(root)).toThrow(/2025\.json: не JSON/);
    const other = mkdtempSync(join(tmpdir(), 'calendar-bad-'));
    mkdirSync(join(other, CALENDAR_SUBDIR));
    writeFileSync(join(other, CALENDAR_SUBDIR, 'calendar-2025.json'), JSON.stringify(y2025));
    expect(() => loadProductionCalendar(other)).toThrow(/calendar-2025\.json: имя файла должно быть ГГГГ\.json/);
    expect(() => parseProductionCalendar([{ file: 'a/2025.json', json: y2025 }, { file: 'b/2025.json', json: y2025 }]))
      .toThrow(/b\/2025\.json: 2025 год уже задан в a\/2025\.json/);
  });
});
