import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type ExcelJS from 'exceljs';

/**
 * exceljs' sheet stream (StreamBuf) writes into the zip entry ignoring backpressure, so with a fast
 * producer the compressor's input buffer would grow with the number of rows. Its destinations are
 * in `pipes` (exceljs 4 internals; none until the zip starts this entry).
 */
export function sheetSinks(sheet: ExcelJS.Worksheet): Writable[] {
  const stream = (sheet as unknown as { stream?: { pipes?: unknown } }).stream;
  return Array.isArray(stream?.pipes) ? (stream.pipes as Writable[]) : [];
}

/** Lets the zip compressor run and waits while the compressor or the XLSX consumer is behind. */
export async function caughtUp(sinks: Writable[]): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  for (const sink of sinks) {
    while (behind(sink)) await once(sink, 'drain');
  }
}

/** archiver's streams come from readable-stream 2, which lacks `writableNeedDrain`. */
function behind(sink: Writable): boolean {
  if (sink.destroyed) return false;
  if (typeof sink.writableNeedDrain === 'boolean') return sink.writableNeedDrain;
  const state = (sink as unknown as { _writableState?: { needDrain?: boolean } })._writableState;
  return state?.needDrain === true;
}

/**
 * Cell formats of the files we write: a Russian date (ДД.ММ.ГГГГ), a time, a date and time. Typed
 * cells sort and filter as dates and numbers in Excel and LibreOffice, instead of «number stored as
 * text»; our readers take such a cell back as the same `ДД.ММ.ГГГГ` text (shared/files/xlsx.ts).
 */
export const XLSX_FORMATS = { date: 'dd.mm.yyyy', time: 'hh:mm', dateTime: 'dd.mm.yyyy hh:mm:ss', integer: '0' } as const;

const DATE_TEXT = /^(?:(\d{2})\.(\d{2})\.(\d{4})|(\d{4})-(\d{2})-(\d{2}))$/;

/**
 * `ДД.ММ.ГГГГ` or `ГГГГ-ММ-ДД` → the day as exceljs writes a date (UTC midnight, no zone in the
 * file); `undefined` for anything else, which the caller keeps as text.
 */
export function excelDate(text: string | undefined): Date | undefined {
  const m = DATE_TEXT.exec(text ?? '');
  if (!m) return undefined;
  const [y, mo, d] = m[1] ? [m[3], m[2], m[1]] : [m[4], m[5], m[6]];
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  return date.getUTCDate() === Number(d) && date.getUTCMonth() === Number(mo) - 1 ? date : undefined;
}

/** `ЧЧ:ММ` → the fraction of a day Excel stores a time as; `undefined` for anything else. */
export function excelTime(text: string | undefined): number | undefined {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text ?? '');
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return undefined;
  return (Number(m[1]) * 60 + Number(m[2])) / 1440;
}

/** A whole number written as text (№, group) → the number; anything else `undefined`. */
export function excelInteger(text: string | undefined): number | undefined {
  return text && /^\d{1,15}$/.test(text) ? Number(text) : undefined;
}

/**
 * An instant as the wall clock of `timeZone` shows it, stored as Excel stores a date and time
 * (without a zone: the header names the zone).
 */
export function excelLocalDateTime(instant: string | Date, timeZone: string): Date {
  const at = new Date(instant);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return new Date(Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second)));
}

/** `Europe/Kaliningrad, UTC+2`: the zone by name and by its offset at `at`. */
export function zoneLabel(timeZone: string, at: Date = new Date()): string {
  if (timeZone === 'UTC') return 'UTC';
  const offset = new Intl.DateTimeFormat('ru-RU', { timeZone, timeZoneName: 'shortOffset' }).formatToParts(at).find((p) => p.type === 'timeZoneName')?.value;
  return offset ? `${timeZone}, ${offset.replace('GMT', 'UTC')}` : timeZone;
}

/** `03.12.2026 21:30 (Europe/Kaliningrad, UTC+2)`: an instant for text, on the zone's clock, the zone named. */
export function zonedStamp(instant: string | Date, timeZone: string): string {
  const local = excelLocalDateTime(instant, timeZone);
  const two = (n: number) => String(n).padStart(2, '0');
  const day = `${two(local.getUTCDate())}.${two(local.getUTCMonth() + 1)}.${local.getUTCFullYear()}`;
  return `${day} ${two(local.getUTCHours())}:${two(local.getUTCMinutes())} (${zoneLabel(timeZone, new Date(instant))})`;
}
