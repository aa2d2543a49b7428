import { describe, expect, it } from 'vitest';
import { countInsured, emptyStats, mergeStats } from '../../../shared/domain/group-stats.js';
import { loadInformingCodes } from '../../../shared/informing/result-codes.js';
import { periodFigures } from '../../../shared/informing/period-targets.js';
import { computeSmoBatchStats, mergeGroups, emptyGroup, type KeyedPlan, type KeyedResult } from '../../../shared/informing/targets.js';
import { loadReferenceData } from '../../../shared/reference/load.js';

async function* from<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}

const codes = loadInformingCodes();
const ref = loadReferenceData();
const enp = (n: number) => String(n).padStart(16, '0');
const plan = (n: number): KeyedPlan => ({ key: `39#390001#${enp(n)}`, enp: enp(n), group: 1, date: '2026-01-20' });
const informed = (n: number, date: string, dispensary = false): KeyedResult => ({ key: plan(n).key, date, channel: '03', result: '1', ...(dispensary ? { dispensary: true } : {}) });

describe('seed 002 reference: codes of dispensary observation (dispensary-icd10.csv)', () => {
  it('count the ХНИЗ under dispensary observation by code, not every chronic or acute disease', () => {
    for (const code of ['I10', 'I11.9', 'I20.1', 'I25.2', 'I48', 'E11.9', 'E78.0', 'J44.9', 'K29.5', 'N18.3', 'R73.0']) expect({ code, yes: ref.isDispensaryDisease(code) }).toEqual({ code, yes: true });
    // Unstable angina (acute), type 1 diabetes (endocrinologist), acute infections, a cancer (oncologist): not this list.
    for (const code of ['I20.0', 'E10.9', 'J06.9', 'C50.9', 'K29.0', 'R73.1', 'I25.3']) expect({ code, yes: ref.isDispensaryDisease(code) }).toEqual({ code, yes: false });
    // Both lists load independently: C50 stays chronic for groups 1–2 (order 698н).
    expect(ref.isChronicDisease('C50.9')).toBe(true);
  });
});

describe('seed 002 denominators from the export (DS_CHRONIC)', () => {
  it('count every living insured person by SMO and those with a dispensary code; shards merge', () => {
    const isDispensary = (c: string) => ref.isDispensaryDisease(c);
    const a = emptyStats();
    countInsured(a, { smo: '39001', dsChronic: ['I11.9', 'J06.9'] }, isDispensary);
    countInsured(a, { smo: '39001', dsChronic: [] }, isDispensary);
    countInsured(a, { smo: '39001', dsChronic: ['E11.9'], dDeath: '2026-02-01' }, isDispensary);
    countInsured(a, { smo: '39002', dsChronic: ['C50.9'] }, isDispensary);
    const b = emptyStats();
    countInsured(b, { smo: '39001', dsChronic: ['E78.0', 'I10'] }, isDispensary);
    expect(mergeStats(mergeStats(emptyStats(), a), b).insuredBySmo).toEqual({ '39001': [3, 2], '39002': [1, 0] });
    // Stats stored before the counts existed merge without them.
    const old = emptyStats();
    delete old.insuredBySmo;
    expect(mergeStats(old, emptyStats()).insuredBySmo).toBeUndefined();
  });
});

describe('seed 002 numerators and shares, cumulative by month', () => {
  it('count the informed with a ХНИЗ apart, from the first day informed', async () => {
    const stats = await computeSmoBatchStats(
      from([plan(1), plan(2), plan(3)]),
      from([informed(1, '2026-01-25', true), informed(1, '2026-02-03', true), informed(2, '2026-02-10'), { ...informed(3, '2026-03-01', true), result: '2' }]),
      codes,
    );
    expect(stats.groups['1']!.informedOn).toEqual({ '2026-01-25': 1, '2026-02-10': 1 });
    expect(stats.groups['1']!.dispensaryInformedOn).toEqual({ '2026-01-25': 1 });
    expect(mergeGroups(emptyGroup(), stats.groups['1']!).dispensaryInformedOn).toEqual({ '2026-01-25': 1 });
  });

  it('give both shares month by month from 1 January, cut at the day asked', () => {
    const a = { ...emptyGroup(), persons: 5, informedOn: { '2025-12-30': 7, '2026-01-10': 2, '2026-02-01': 1, '2026-03-15': 1 }, dispensaryInformedOn: { '2026-01-10': 1, '2026-03-15': 1 } };
    const b = { ...emptyGroup(), persons: 5, informedOn: { '2026-02-28': 4 } };
    const f = periodFigures([a, b], { insured: 40, dispensary: 8 }, '2026-03-10');
    expect(f).toMatchObject({ insured: 40, dispensary: 8, month: '2026-03', informed: 7, dispensaryInformed: 1, shareInsured: 0.175, shareDispensary: 0.125 });
    expect(f.months).toEqual([
      { month: '2026-01', informed: 2, dispensaryInformed: 1, shareInsured: 0.05, shareDispensary: 0.125 },
      { month: '2026-02', informed: 7, dispensaryInformed: 1, shareInsured: 0.175, shareDispensary: 0.125 },
      // March only up to the 10th: the 15th is after the cut.
      { month: '2026-03', informed: 7, dispensaryInformed: 1, shareInsured: 0.175, shareDispensary: 0.125 },
    ]);
    expect(periodFigures([a], { insured: 0, dispensary: 0 }, '2026-12-31')).toMatchObject({ informed: 4, shareInsured: null, shareDispensary: null });
  });
});
