/**
 * Obligations bench: one evaluation run over a country-sized setup — 89 regions, 9,000 MOs with
 * 30 days of daily hospitalization duties each (270 k) plus every campaign-step obligation of the
 * demo schedule — against a stated budget. The ports are in memory (test/support): this times the
 * evaluation itself (rules, violations, notifications, escalation checks), not a database.
 * OBLIGATIONS_BENCH_MOS / _DAYS size it.
 */
import { loadProductionCalendar } from '../../shared/calendar/load.js';
import type { Fact, Obligation } from '../../shared/obligations/model.js';
import { campaignObligations, dailyObligations } from '../../shared/obligations/plan.js';
import { parseSchedule } from '../../shared/obligations/schedule.js';
import { loadReferenceData } from '../../shared/reference/load.js';
import type { MedicalOrganization } from '../../shared/reference/types.js';
import { evaluateRegion } from '../../shared/services/obligations/evaluate.js';
import { factsFrom, MemoryObligations } from '../support/obligations-memory.js';
import shipped from '../../shared/reference/data/schedules/ud-2026.json' with { type: 'json' };
import { envInt, type BenchResult } from './types.js';

/** A 15-minute tick must leave room: the whole country in under a minute of evaluation work. */
export const COUNTRY_BUDGET_MS = 60_000;

export interface ObligationsBenchOptions {
  mos?: number;
  days?: number;
}

export function obligationsOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): ObligationsBenchOptions {
  const num = (name: string) => envInt(env, name);
  return { mos: num('OBLIGATIONS_BENCH_MOS'), days: num('OBLIGATIONS_BENCH_DAYS') };
}

/** Deterministic facts: ~85 % on time, ~7 % late, ~8 % never (by a hash of the id). */
function factOf(ob: Obligation): Fact {
  let h = 2166136261;
  for (let i = 0; i < ob.id.length; i++) h = Math.imul(h ^ ob.id.charCodeAt(i), 16777619);
  const p = (h >>> 0) % 100;
  if (p < 85) return { status: 'met', at: new Date(Date.parse(ob.dueAt) - 3_600_000).toISOString(), evidence: 'в срок' };
  if (p < 92) return { status: 'met', at: new Date(Date.parse(ob.dueAt) + 3_600_000).toISOString(), evidence: 'с опозданием' };
  return { status: 'not-met', evidence: 'не представлено' };
}

export async function benchObligations(opts: ObligationsBenchOptions = {}): Promise<BenchResult[]> {
  const totalMos = opts.mos ?? 9000;
  const days = opts.days ?? 30;
  const ref = loadReferenceData();
  const calendar = loadProductionCalendar();
  const parsed = parseSchedule(shipped);
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  const regions = [...ref.regions.values()];
  const repo = new MemoryObligations();
  const lastDay = Date.parse('2026-12-31T00:00:00Z');
  let count = 0;
  regions.forEach((region, r) => {
    const n = Math.floor(totalMos / regions.length) + (r < totalMos % regions.length ? 1 : 0);
    const mos: MedicalOrganization[] = Array.from({ length: n }, (_, i) => ({
      code: `${region.code}${String(i + 1).padStart(4, '0')}`,
      region: region.code,
      name: `МО ${i + 1}`,
      primaryCare: i % 2 === 0,
      dayHospital: true,
      specializedInpatient: i % 5 === 0,
    }));
    for (let d = days; d >= 1; d--) {
      const forDate = new Date(lastDay - d * 86_400_000).toISOString().slice(0, 10);
      const obs = dailyObligations(region, forDate, mos);
      repo.add(...obs);
      count += obs.length;
    }
    const smos = [1, 2, 3].map((i) => `${region.code}${String(i).padStart(3, '0')}`);
    const steps = campaignObligations(parsed.schedule, region, { mos: mos.map((m) => m.code), smos }, calendar);
    repo.add(...steps);
    count += steps.length;
  });
  const deps = { repo, facts: factsFrom(factOf), notify: repo };
  const now = new Date('2027-01-05T00:00:00Z'); // every duty above is due
  const run = async () => {
    const t = performance.now();
    let violations = 0;
    for (const region of regions) violations += (await evaluateRegion(region.code, now, deps)).violations;
    return { ms: performance.now() - t, violations };
  };
  const first = await run();
  const again = await run();
  if (again.violations !== 0) throw new Error(`re-run created ${again.violations} violations`);
  const size = `${regions.length}r_${totalMos}mo_${days}d`;
  return [
    { name: `obligations.count_${size}`, value: count, unit: 'obligations' },
    { name: `obligations.evaluate_country_${size}`, value: round(first.ms), unit: 'ms', baseline: COUNTRY_BUDGET_MS, ratio: round(first.ms / COUNTRY_BUDGET_MS, 4) },
    { name: `obligations.per_s_${size}`, value: Math.round(count / (first.ms / 1000)), unit: 'obligations/s' },
    { name: `obligations.violations_${size}`, value: first.violations, unit: 'violations' },
    { name: `obligations.rerun_${size}`, value: round(again.ms), unit: 'ms', baseline: round(first.ms), ratio: round(again.ms / first.ms, 4) },
  ];
}

const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;
