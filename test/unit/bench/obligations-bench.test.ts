import { describe, expect, it } from 'vitest';
import { benchObligations, COUNTRY_BUDGET_MS, obligationsOptionsFromEnv } from '../../bench/obligations.js';

// Shape, not timing: named, finite figures; the budget is the baseline; a re-run adds no violation.
describe('obligations bench', () => {
  it('evaluates every region twice and reports against the stated budget (178 MOs, 2 days)', async () => {
    const results = await benchObligations({ mos: 178, days: 2 });
    const byName = new Map(results.map((r) => [r.name, r]));
    const size = '89r_178mo_2d';
    expect([...byName.keys()]).toEqual([
      `obligations.count_${size}`,
      `obligations.evaluate_country_${size}`,
      `obligations.per_s_${size}`,
      `obligations.violations_${size}`,
      `obligations.rerun_${size}`,
    ]);
    // 178 MOs × 2 days of daily duties, plus the 20 dated steps: 16 of FOMS/TFOMS per region,
    // 2.2 and 3.2 per MO, 4.3 and 4.5 per SMO (3 per region).
    const count = byName.get(`obligations.count_${size}`)!.value;
    expect(count).toBe(178 * 2 + 89 * 16 + 178 * 2 + 89 * 3 * 2);
    const run = byName.get(`obligations.evaluate_country_${size}`)!;
    expect(run.baseline).toBe(COUNTRY_BUDGET_MS);
    expect(run.ratio).toBeCloseTo(run.value / COUNTRY_BUDGET_MS, 3);
    const violations = byName.get(`obligations.violations_${size}`)!.value;
    expect(violations).toBeGreaterThan(0);
    expect(violations).toBeLessThan(count * 0.2);
  }, 60_000);

  it('reads sizes from the environment', () => {
    expect(obligationsOptionsFromEnv({ OBLIGATIONS_BENCH_MOS: '90', OBLIGATIONS_BENCH_DAYS: '3' })).toEqual({ mos: 90, days: 3 });
  });
});
