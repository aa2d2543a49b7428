/**
 * Times on the region's clock (DOMAIN.md §10) in Russian formats: a deadline is shown in the zone of
 * the region it runs on, with the zone named, never in the browser's own zone.
 */

const numbers = new Intl.NumberFormat('ru-RU');
export const formatNumber = (n: number) => numbers.format(n);

export function formatInstant(iso: string | Date, timeZone: string): string {
  return new Intl.DateTimeFormat('ru-RU', { timeZone, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}

/** «Europe/Kaliningrad, GMT+2». */
export function zoneLabel(timeZone: string, at: Date = new Date()): string {
  const offset = new Intl.DateTimeFormat('ru-RU', { timeZone, timeZoneName: 'shortOffset' }).formatToParts(at).find((p) => p.type === 'timeZoneName')?.value;
  return offset ? `${timeZone}, ${offset}` : timeZone;
}

/** A deadline as the schedule writes it: local day and time («24:00» = end of that day). */
export function formatLocalDeadline(date: string, time: string): string {
  const [y, m, d] = date.split('-');
  return `${d}.${m}.${y} ${time}`;
}

/** «осталось 2 дн. 5 ч 10 мин» / «просрочено на 3 ч 5 мин». */
export function countdown(dueAt: string, now: number): { text: string; overdue: boolean } {
  const ms = Date.parse(dueAt) - now;
  const total = Math.floor(Math.abs(ms) / 60_000);
  const days = Math.floor(total / 1440);
  const hours = Math.floor((total % 1440) / 60);
  const minutes = total % 60;
  const parts = [days ? `${formatNumber(days)} дн.` : '', days || hours ? `${hours} ч` : '', `${minutes} мин`].filter(Boolean).join(' ');
  return ms >= 0 ? { text: `осталось ${parts}`, overdue: false } : { text: `просрочено на ${parts}`, overdue: true };
}
