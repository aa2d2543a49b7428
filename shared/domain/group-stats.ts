import type { GroupDecision } from './groups.js';

/** Counts of the stage 1.6 check (DOMAIN.md §2): by group, by MO and SMO (per group), exclusions by reason. */
export interface GroupStats {
  persons: number;
  eligible: number;
  byGroup: Record<string, number>;
  /** MO code → counts of groups 1, 2, 3, 4. */
  byMo: Record<string, number[]>;
  bySmo: Record<string, number[]>;
  exclusions: Record<string, number>;
  /**
   * Seed 002's denominators by SMO, over every person of the export alive (not only the eligible):
   * `[insured, with a ХНИЗ under dispensary observation]` (Мероприятия 5 and 4). Absent in stats
   * computed before they were counted.
   */
  insuredBySmo?: Record<string, [number, number]>;
}

export function emptyStats(): GroupStats {
  return { persons: 0, eligible: 0, byGroup: { '1': 0, '2': 0, '3': 0, '4': 0 }, byMo: {}, bySmo: {}, exclusions: {} };
}

export function countDecision(stats: GroupStats, where: { mo: string; smo: string }, decision: GroupDecision): void {
  stats.persons++;
  if (!decision.eligible) {
    stats.exclusions[decision.exclusion] = (stats.exclusions[decision.exclusion] ?? 0) + 1;
    return;
  }
  stats.eligible++;
  stats.byGroup[decision.group] = (stats.byGroup[decision.group] ?? 0) + 1;
  (stats.byMo[where.mo] ??= [0, 0, 0, 0])[decision.group - 1]!++;
  (stats.bySmo[where.smo] ??= [0, 0, 0, 0])[decision.group - 1]!++;
}

/** Counts a person of the export for seed 002's denominators; the dead are no longer insured. */
export function countInsured(stats: GroupStats, person: { smo: string; dDeath?: string; dsChronic: readonly string[] }, isDispensary: (icd10: string) => boolean): void {
  if (person.dDeath) return;
  const counts = ((stats.insuredBySmo ??= {})[person.smo] ??= [0, 0]);
  counts[0]++;
  if (person.dsChronic.some(isDispensary)) counts[1]++;
}

export function mergeStats(into: GroupStats, from: GroupStats): GroupStats {
  into.persons += from.persons;
  into.eligible += from.eligible;
  addCounts(into.byGroup, from.byGroup);
  addCounts(into.exclusions, from.exclusions);
  addVectors(into.byMo, from.byMo);
  addVectors(into.bySmo, from.bySmo);
  if (from.insuredBySmo) {
    const target = (into.insuredBySmo ??= {});
    for (const [smo, [insured, dispensary]] of Object.entries(from.insuredBySmo)) {
      const t = (target[smo] ??= [0, 0]);
      t[0] += insured;
      t[1] += dispensary;
    }
  }
  return into;
}

function addCounts(into: Record<string, number>, from: Record<string, number>): void {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
}

function addVectors(into: Record<string, number[]>, from: Record<string, number[]>): void {
  for (const [k, v] of Object.entries(from)) {
    const target = (into[k] ??= [0, 0, 0, 0]);
    v.forEach((n, i) => (target[i] = (target[i] ?? 0) + n));
  }
}
