import type { IsoDate } from '../domain/records.js';
import type { InformingCodes } from './result-codes.js';

/**
 * The informing targets of seed 002 («доля лиц, индивидуально проинформированных … нарастающим
 * итогом») for the persons of a batch (DOMAIN.md §3.7):
 * - denominator: the persons of the SMO in the batch's registry with a planned date (the persons of
 *   the SMO's informing files);
 * - informed individually: at least one reported day with a result that means «informed»
 *   (INFORMED=1 in informing-results.csv) through an individual channel (INDIVIDUAL=1 in
 *   informing-channels.csv: 01–04, 06, 07, 11); the person counts from the first such day on;
 * - a later report for the same person and day replaces the earlier one, so a person may also stop
 *   counting (an «informed» corrected to «wrong contact»).
 * Figures are kept per SMO, region batch and group (`SmoBatchStats`) and summed for any view.
 */
export interface GroupFigures {
  /** Persons of the denominator. */
  persons: number;
  /** How many of them were first informed individually on each day. */
  informedOn: Record<IsoDate, number>;
  /** The informed, by the channel of their first informing. */
  byChannel: Record<string, number>;
  /** The not informed, by the result of their latest reported attempt; `none`: nothing reported. */
  open: Record<string, number>;
  /**
   * Of `informedOn`, those with a ХНИЗ under dispensary observation (seed 002, Мероприятие 4's
   * numerator). Absent in figures computed before it was counted.
   */
  dispensaryInformedOn?: Record<IsoDate, number>;
}

export interface SmoBatchStats {
  /** By priority group (`1`…`4`). */
  groups: Record<string, GroupFigures>;
  /** Reported days in all (denominator persons). */
  results: number;
  /** Reported days of persons outside the denominator (their planned date was removed later). */
  outside: number;
}

/** A person of the registry, keyed like both indexes: `<region>#<mo>#<enp>`. */
export interface KeyedPlan {
  key: string;
  enp: string;
  group: number;
  date?: IsoDate;
}

/** A reported day of a person, keyed like the person (results of one person come in date order). */
export interface KeyedResult {
  key: string;
  date: IsoDate;
  channel: string;
  result: string;
  /** The person has a ХНИЗ under dispensary observation (as the export said when the result came). */
  dispensary?: boolean;
}

export interface PersonOutcome {
  /** First day informed individually, and through which channel (and whether the person is under dispensary observation). */
  informed?: { date: IsoDate; channel: string; dispensary?: boolean };
  /** The latest reported day. */
  last?: { date: IsoDate; channel: string; result: string };
}

/** What a person's reported days (in date order) come to. */
export function outcomeOf(results: readonly KeyedResult[], codes: InformingCodes): PersonOutcome {
  const out: PersonOutcome = {};
  for (const r of results) {
    if (!out.informed && codes.countsAsInformed(r.channel, r.result)) out.informed = { date: r.date, channel: r.channel, ...(r.dispensary ? { dispensary: true } : {}) };
    if (!out.last || r.date >= out.last.date) out.last = { date: r.date, channel: r.channel, result: r.result };
  }
  return out;
}

export const emptyGroup = (): GroupFigures => ({ persons: 0, informedOn: {}, byChannel: {}, open: {} });

const add = (map: Record<string, number>, key: string, n = 1) => {
  map[key] = (map[key] ?? 0) + n;
};

/**
 * Persons joined with their reported days, both read in key order (the two index views of one SMO
 * batch sort alike), so memory holds one person at a time whatever the batch size.
 */
export async function* joinByPerson<P extends KeyedPlan>(
  plans: AsyncIterable<P>,
  results: AsyncIterable<KeyedResult>,
  onOrphan: (result: KeyedResult) => void = () => undefined,
): AsyncGenerator<{ plan: P; results: KeyedResult[] }> {
  const it = results[Symbol.asyncIterator]();
  let next = await it.next();
  for await (const plan of plans) {
    while (!next.done && next.value.key < plan.key) {
      onOrphan(next.value);
      next = await it.next();
    }
    const mine: KeyedResult[] = [];
    while (!next.done && next.value.key === plan.key) {
      mine.push(next.value);
      next = await it.next();
    }
    yield { plan, results: mine.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)) };
  }
  while (!next.done) {
    onOrphan(next.value);
    next = await it.next();
  }
}

/** The figures of one SMO in one region batch, from its registry entries and its reported days. */
export async function computeSmoBatchStats(plans: AsyncIterable<KeyedPlan>, results: AsyncIterable<KeyedResult>, codes: InformingCodes): Promise<SmoBatchStats> {
  const stats: SmoBatchStats = { groups: {}, results: 0, outside: 0 };
  for await (const { plan, results: days } of joinByPerson(plans, results, () => stats.outside++)) {
    if (!plan.date) {
      stats.outside += days.length;
      continue;
    }
    const group = (stats.groups[String(plan.group)] ??= emptyGroup());
    group.persons++;
    stats.results += days.length;
    const outcome = outcomeOf(days, codes);
    if (outcome.informed) {
      add(group.informedOn, outcome.informed.date);
      add(group.byChannel, outcome.informed.channel);
      if (outcome.informed.dispensary) add((group.dispensaryInformedOn ??= {}), outcome.informed.date);
    } else add(group.open, outcome.last?.result ?? 'none');
  }
  return stats;
}

export function mergeGroups(into: GroupFigures, from: GroupFigures): GroupFigures {
  into.persons += from.persons;
  for (const [k, v] of Object.entries(from.informedOn)) add(into.informedOn, k, v);
  for (const [k, v] of Object.entries(from.byChannel)) add(into.byChannel, k, v);
  for (const [k, v] of Object.entries(from.open)) add(into.open, k, v);
  if (from.dispensaryInformedOn) for (const [k, v] of Object.entries(from.dispensaryInformedOn)) add((into.dispensaryInformedOn ??= {}), k, v);
  return into;
}

/** One day of the cumulative series: informed so far, and the share of the denominator. */
export interface SeriesPoint {
  date: IsoDate;
  informed: number;
  share: number | null;
}

/** What a view shows for a set of persons (a group, an SMO, a region, the country). */
export interface Figures {
  persons: number;
  informed: number;
  notInformed: number;
  /** informed / persons, 0…1 (4 decimals); null without persons. */
  share: number | null;
  /** Every day from the first to the last informing day, cumulative («нарастающим итогом»). */
  series: SeriesPoint[];
  byChannel: Record<string, number>;
  /** The not informed by the result of their latest attempt (`none`: nothing reported yet). */
  notInformedByLastResult: Record<string, number>;
}

export const shareOf = (informed: number, persons: number): number | null => (persons ? Math.round((informed / persons) * 10_000) / 10_000 : null);

const DAY = 86_400_000;
const isoDay = (ms: number): IsoDate => new Date(ms).toISOString().slice(0, 10);

/** Figures of merged group figures (pass several to sum them). */
export function figuresOf(groups: readonly GroupFigures[]): Figures {
  const total = groups.reduce((acc, g) => mergeGroups(acc, g), emptyGroup());
  const days = Object.keys(total.informedOn).sort();
  const series: SeriesPoint[] = [];
  let informed = 0;
  if (days.length) {
    const last = Date.parse(`${days.at(-1)}T00:00:00Z`);
    for (let t = Date.parse(`${days[0]}T00:00:00Z`); t <= last; t += DAY) {
      const date = isoDay(t);
      informed += total.informedOn[date] ?? 0;
      series.push({ date, informed, share: shareOf(informed, total.persons) });
    }
  }
  return {
    persons: total.persons,
    informed,
    notInformed: total.persons - informed,
    share: shareOf(informed, total.persons),
    series,
    byChannel: total.byChannel,
    notInformedByLastResult: total.open,
  };
}

/** Informed persons on a day (the series' value on that day, 0 before it, the total after it). */
export function informedBy(figures: Pick<Figures, 'series' | 'informed'>, date: IsoDate): number {
  if (!figures.series.length || date < figures.series[0]!.date) return 0;
  if (date >= figures.series.at(-1)!.date) return figures.informed;
  return figures.series.find((p) => p.date === date)?.informed ?? 0;
}

/** Figures by group of one or more stats (summing the same group across SMOs or batches). */
export function byGroup(stats: readonly SmoBatchStats[]): Record<string, Figures> {
  const groups = new Map<string, GroupFigures[]>();
  for (const s of stats) for (const [g, f] of Object.entries(s.groups)) groups.set(g, [...(groups.get(g) ?? []), f]);
  return Object.fromEntries([...groups.keys()].sort().map((g) => [g, figuresOf(groups.get(g)!)]));
}

export const allGroups = (stats: readonly SmoBatchStats[]): GroupFigures[] => stats.flatMap((s) => Object.values(s.groups));
