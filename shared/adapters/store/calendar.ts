import type { CalendarYear } from '../../calendar/production-calendar.js';
import { putIf, queryAll, stripKeys } from './dynamo.js';

/**
 * Production-calendar decrees FOMS loaded through the API, in the main table: one partition
 * `CALENDAR`, one item per version `<year>#V#<nnnnnn>`, written once (a conditional put: two loads
 * racing for the same number, one wins, the other is told to retry). Every version is kept; the
 * highest of a year is in force. The whole partition is a handful of items: one query reads it.
 */
export interface StoredCalendarYear {
  year: number;
  version: number;
  data: CalendarYear;
  loadedAt: string;
  loadedBy: string;
  loadedByOrg: string;
}

const PK = 'CALENDAR';
const sortKey = (year: number, version: number) => `${year}#V#${String(version).padStart(6, '0')}`;

/** Stores a new version of a year; false when that version number is already taken. */
export function putCalendarVersion(entry: StoredCalendarYear): Promise<boolean> {
  return putIf({ pk: PK, sk: sortKey(entry.year, entry.version), ...entry, data: JSON.stringify(entry.data) });
}

function fromItem(item: Record<string, unknown>): StoredCalendarYear {
  const rest = stripKeys<Omit<StoredCalendarYear, 'data'> & { data: string }>(item);
  return { ...rest, data: JSON.parse(rest.data) as CalendarYear };
}

/** Every stored version of every year, ascending by year then version. */
export async function calendarVersions(year?: number): Promise<StoredCalendarYear[]> {
  const out: StoredCalendarYear[] = [];
  const query = year === undefined
    ? { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': PK } }
    : { KeyConditionExpression: 'pk = :pk AND begins_with(sk, :y)', ExpressionAttributeValues: { ':pk': PK, ':y': `${year}#` } };
  for await (const page of queryAll({ ...query, ConsistentRead: true })) out.push(...page.map(fromItem));
  return out;
}

/** The version in force of each stored year (the highest). */
export async function currentCalendarYears(): Promise<StoredCalendarYear[]> {
  const latest = new Map<number, StoredCalendarYear>();
  for (const v of await calendarVersions()) if ((latest.get(v.year)?.version ?? 0) < v.version) latest.set(v.year, v);
  return [...latest.values()];
}
