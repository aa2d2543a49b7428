/** Calendar date (ISO) of an instant on the clock of a time zone. */
export function localDate(instant: Date | string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    typeof instant === 'string' ? new Date(instant) : instant,
  );
}

export const MOSCOW = 'Europe/Moscow';

/** Wall-clock time `HH:mm` of an instant on the clock of a time zone. */
export function localTime(instant: Date | string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
    typeof instant === 'string' ? new Date(instant) : instant,
  );
}

/** `20261124T101500Z` of an ISO instant: sorts by time, safe in keys and file names. */
export function compactStamp(iso: string): string {
  return iso.replace(/[-:]/g, '').replace(/\.\d+/, '');
}
