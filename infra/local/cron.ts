/**
 * EventBridge six-field cron: `cron(minutes hours day-of-month month day-of-week year)`, in UTC.
 * Supports numbers, names (JAN–DEC, SUN–SAT), `*`, `?`, ranges, lists and `/` steps; day-of-week
 * 1–7 = SUN–SAT as in EventBridge. `L`, `W` and `#` are rejected rather than silently misread.
 */

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: Record<string, number>;
}

const MONTHS = { JAN: 1, FEB: 2, MAR: 3, APR: 4, MAY: 5, JUN: 6, JUL: 7, AUG: 8, SEP: 9, OCT: 10, NOV: 11, DEC: 12 };
const DAYS = { SUN: 1, MON: 2, TUE: 3, WED: 4, THU: 5, FRI: 6, SAT: 7 };

const FIELDS: FieldSpec[] = [
  { name: 'minutes', min: 0, max: 59 },
  { name: 'hours', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'day-of-week', min: 1, max: 7, names: DAYS },
  { name: 'year', min: 1970, max: 2199 },
];

export interface CronSchedule {
  minutes: Set<number>;
  hours: Set<number>;
  /** undefined = `?` or `*` on a day field: no constraint from it. */
  daysOfMonth?: Set<number>;
  months: Set<number>;
  daysOfWeek?: Set<number>;
  years: Set<number>;
}

function parseValue(text: string, spec: FieldSpec): number {
  const upper = text.toUpperCase();
  const named = spec.names?.[upper];
  const value = named ?? (/^\d+$/.test(text) ? Number(text) : NaN);
  if (!Number.isInteger(value) || value < spec.min || value > spec.max) {
    throw new Error(`cron: invalid value "${text}" in ${spec.name} (${spec.min}-${spec.max}; L, W and # are not supported locally)`);
  }
  return value;
}

/** Returns undefined for an unconstrained field (`*` or `?`). */
function parseField(text: string, spec: FieldSpec): Set<number> | undefined {
  if (text === '*' || text === '?') return undefined;
  const values = new Set<number>();
  for (const part of text.split(',')) {
    const [range, stepText] = part.split('/');
    if (range === undefined || range === '') throw new Error(`cron: empty item in ${spec.name}`);
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new Error(`cron: invalid step "${stepText}" in ${spec.name}`);
    let from: number;
    let to: number;
    if (range === '*') {
      from = spec.min;
      to = spec.max;
    } else if (range.includes('-')) {
      const [a, b] = range.split('-');
      from = parseValue(a ?? '', spec);
      to = parseValue(b ?? '', spec);
      if (from > to) throw new Error(`cron: range "${range}" in ${spec.name} runs backwards`);
    } else {
      from = parseValue(range, spec);
      // `0/15` means "from 0 every 15"; a bare number is just itself.
      to = stepText === undefined ? from : spec.max;
    }
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return values;
}

export function parseCron(expression: string): CronSchedule {
  const match = /^cron\((.*)\)$/.exec(expression.trim());
  if (!match) throw new Error(`cron: expected "cron(...)", got "${expression}"`);
  const parts = match[1]!.trim().split(/\s+/);
  if (parts.length !== 6) throw new Error(`cron: expected 6 fields, got ${parts.length} in "${expression}"`);
  const [min, hour, dom, month, dow, year] = parts as [string, string, string, string, string, string];
  if ((dom === '?') === (dow === '?')) {
    throw new Error(`cron: exactly one of day-of-month and day-of-week must be "?" in "${expression}"`);
  }
  const all = (spec: FieldSpec) => new Set(Array.from({ length: spec.max - spec.min + 1 }, (_, i) => spec.min + i));
  return {
    minutes: parseField(min, FIELDS[0]!) ?? all(FIELDS[0]!),
    hours: parseField(hour, FIELDS[1]!) ?? all(FIELDS[1]!),
    daysOfMonth: parseField(dom, FIELDS[2]!),
    months: parseField(month, FIELDS[3]!) ?? all(FIELDS[3]!),
    daysOfWeek: parseField(dow, FIELDS[4]!),
    years: parseField(year, FIELDS[5]!) ?? all(FIELDS[5]!),
  };
}

function dayMatches(s: CronSchedule, d: Date): boolean {
  if (s.daysOfMonth && !s.daysOfMonth.has(d.getUTCDate())) return false;
  if (s.daysOfWeek && !s.daysOfWeek.has(d.getUTCDay() + 1)) return false;
  return true;
}

/** The first matching minute strictly after `after`; throws if none before year 2200. */
export function nextFireTime(expression: string | CronSchedule, after: Date): Date {
  const s = typeof expression === 'string' ? parseCron(expression) : expression;
  const t = new Date(after.getTime());
  t.setUTCSeconds(0, 0);
  t.setUTCMinutes(t.getUTCMinutes() + 1);
  // Jump field by field instead of minute by minute, so sparse schedules stay cheap.
  while (t.getUTCFullYear() < 2200) {
    if (!s.years.has(t.getUTCFullYear())) {
      t.setUTCFullYear(t.getUTCFullYear() + 1, 0, 1);
      t.setUTCHours(0, 0, 0, 0);
    } else if (!s.months.has(t.getUTCMonth() + 1)) {
      t.setUTCMonth(t.getUTCMonth() + 1, 1);
      t.setUTCHours(0, 0, 0, 0);
    } else if (!dayMatches(s, t)) {
      t.setUTCDate(t.getUTCDate() + 1);
      t.setUTCHours(0, 0, 0, 0);
    } else if (!s.hours.has(t.getUTCHours())) {
      t.setUTCHours(t.getUTCHours() + 1, 0, 0, 0);
    } else if (!s.minutes.has(t.getUTCMinutes())) {
      t.setUTCMinutes(t.getUTCMinutes() + 1, 0, 0);
    } else {
      return t;
    }
  }
  throw new Error(`cron: "${typeof expression === 'string' ? expression : 'schedule'}" never fires after ${after.toISOString()}`);
}
