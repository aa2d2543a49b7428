import { describe, expect, it } from 'vitest';
import { seedDecision } from '../../bench/forming-data.js';
import { benchInforming, informingOptionsFromEnv, verifyInforming } from '../../bench/informing.js';
import { seedPlan } from '../../bench/informing-data.js';
import type { LocalStack } from '../../../infra/local/stack.js';
import { loadReferenceData } from '../../../shared/reference/load.js';
import { InsuredFactory } from '../../../infra/local/testdata/generator.js';

describe('informing bench', () => {
  it('seeds, beside each decision, a planned registry entry indexed for the person’s SMO', () => {
    const ref = loadReferenceData();
    const factory = new InsuredFactory({ region: '77', rows: 5, ref, seed: 26, today: '2026-11-01' });
    const job = { campaignId: 'ud-2026', region: '77' };
    for (let i = 0; i < 5; i++) {
      const decision = seedDecision(factory.fields(i + 1), i, ['771001', '771004'], job);
      const plan = seedPlan(decision, i, job);
      expect(plan).toMatchObject({
        pk: decision.pk,
        sk: 'PLAN#ud-2026',
        gsi1pk: `PLANS#ud-2026#12#${decision.smo}`,
        gsi1sk: `77#${decision.mo}#${decision.enp}`,
        mark: 'запланирован',
        group: (decision.decision as { group: number }).group,
      });
      expect(plan.date).toMatch(/^2026-12-\d{2}$|^2027-0[1-5]-\d{2}$/);
      expect(ref.smos.get(plan.smo as string)?.region).toBe('77');
    }
  });

  it('refuses a run whose progress or rows do not add up', async () => {
    const stack = {} as LocalStack; // not reached: the counts fail first
    const progress = { smos: 2, formed: 2, unchanged: 0, done: 2, failed: 0, failures: [] };
    const smos = [{ smo: '77008', status: 'FORMED', rows: 5, version: 1 }, { smo: '77011', status: 'FORMED', rows: 4, version: 1 }];
    await expect(verifyInforming(stack, { progress: { ...progress, failed: 1, done: 1 }, smos }, ['77008', '77011'], 9, 'FORMED')).rejects.toThrow(/informing progress/);
    await expect(verifyInforming(stack, { progress, smos }, ['77008', '77011'], 10, 'FORMED')).rejects.toThrow(/9 rows/);
    await expect(verifyInforming(stack, { progress, smos }, ['77008', '77011'], 9, 'UNCHANGED')).rejects.toThrow(/UNCHANGED/);
  });

  it('reads sizes from the environment', () => {
    expect(informingOptionsFromEnv({ INFORMING_BENCH_PERSONS: '5000', INFORMING_BENCH_MOS: '30' })).toMatchObject({ persons: 5000, mos: 30 });
    expect(() => informingOptionsFromEnv({ INFORMING_BENCH_PERSONS: 'many' })).toThrow(/INFORMING_BENCH_PERSONS/);
  });

  it('forms every SMO file of a region on the local stack and reports verified figures (3 000 persons, 5 SMOs)', async () => {
    const referenceDirBefore = process.env.OMS_REFERENCE_DIR;
    const results = await benchInforming({ persons: 3000, mos: 12, baselineRows: 3000, log: () => undefined });
    const byName = new Map(results.map((r) => [r.name, r]));
    expect([...byName.keys()]).toEqual([
      'informing.region_seconds',
      'informing.rows_per_s',
      'informing.recheck_seconds',
      'informing.persons',
      'informing.smos',
      'informing.baseline_write.rows_per_s_3k',
      'informing.seed.items_per_s',
      'informing.peak_rss_mb',
      'informing.peak_heap_mb',
    ]);
    for (const r of results) {
      expect(Number.isFinite(r.value) && r.value > 0, r.name).toBe(true);
      // Within rounding (values and baselines are printed with two decimals).
      if (r.baseline !== undefined) expect(Math.abs(r.ratio! / (r.value / r.baseline) - 1), r.name).toBeLessThan(0.05);
    }
    expect(byName.get('informing.persons')!.value).toBe(3000);
    expect(byName.get('informing.smos')!.value).toBe(5);
    expect(byName.get('informing.rows_per_s')!.value).toBeCloseTo(3000 / byName.get('informing.region_seconds')!.value, -2);
    expect(process.env.OMS_REFERENCE_DIR).toBe(referenceDirBefore);
  }, 180_000); // emulators under a loaded machine: its time is not asserted
});
