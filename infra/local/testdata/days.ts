/**
 * Calendar dates as day numbers (days since 1970-01-01, UTC) with fast conversion both ways;
 * the generator formats millions of dates, so it avoids Date objects (Hinnant's civil algorithms).
 */
export function dayNumber(iso: string): number {
  const y0 = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7));
  const d = Number(iso.slice(8, 10));
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export interface Ymd {
  y: number;
  m: number;
  d: number;
}

export function civil(days: number): Ymd {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

const TWO = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));

/** `DD.MM.YYYY` (file format). */
export function ruOfDay(days: number): string {
  const { y, m, d } = civil(days);
  return `${TWO[d]}.${TWO[m]}.${y}`;
}

/** `YYYY-MM-DD` (internal format). */
export function isoOfDay(days: number): string {
  const { y, m, d } = civil(days);
  return `${y}-${TWO[m]}-${TWO[d]}`;
}

export function todayIso(): string {
  return new Date().toISOString().slice(0, 10);
}
