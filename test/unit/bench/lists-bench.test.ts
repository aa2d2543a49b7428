import { describe, expect, it } from 'vitest';
import { loadReferenceData } from '../../../shared/reference/load.js';
import { InsuredFactory } from '../../../infra/local/testdata/generator.js';
import { benchLists, listsOptionsFromEnv } from '../../bench/personal-lists.js';
import { listItems } from '../../bench/personal-lists-data.js';
import { checkAnswer, quantile } from '../../bench/personal-lists-load.js';

// Shape, not timing: named, finite figures with consistent ratios; the answers and the audit are checked by the bench itself.
describe('personal-data lists bench', () => {
  it('seeds every person, excludes the even ones with their cards and plans the odd ones in the SMO’s registry', () => {
    const factory = new InsuredFactory({ region: '77', rows: 2, ref: loadReferenceData(), seed: 11, today: '2026-11-01' });
    const job = { campaignId: 'ud-2026', region: '77', smo: '77008' };
    const even = listItems(factory.fields(1), 0, ['771001'], job);
    const odd = listItems(factory.fields(2), 1, ['771001'], job);
    expect(even.map((i) => i.sk)).toEqual(['PERSON', 'GRP#ud-2026']);
    expect(even[1]).toMatchObject({ gsi1pk: 'EXCL#ud-2026#77', decision: { eligible: false, exclusion: 'UNDER_18' }, card: { fam: even[0]!.fam, dr: even[0]!.dr } });
    expect(odd.map((i) => i.sk)).toEqual(['PERSON', 'GRP#ud-2026', 'PLAN#ud-2026']);
    expect(odd[2]).toMatchObject({ gsi1pk: 'PLANS#ud-2026#12#77008', gsi1sk: `77#771001#${odd[0]!.enp}`, mark: 'запланирован' });
  });

  it('takes nearest-rank quantiles and refuses a short or unnamed page', () => {
    const sorted = Array.from({ length: 20 }, (_, i) => i + 1);
    expect([quantile(sorted, 0.5), quantile(sorted, 0.95), quantile([7], 0.95)]).toEqual([10, 19, 7]);
    const target = { name: 'x', path: '/', token: 't', persons: 2 };
    expect(() => checkAnswer(target, 200, { persons: [{ enp: '1', fio: 'А' }, { enp: '2', fio: 'Б' }] })).not.toThrow();
    expect(() => checkAnswer(target, 200, { persons: [{ enp: '1', fio: 'А' }] })).toThrow(/expected 2 persons/);
    expect(() => checkAnswer(target, 200, { persons: [{ enp: '1', fio: 'А' }, { enp: '2', fio: null }] })).toThrow(/ФИО/);
    expect(() => checkAnswer({ ...target, persons: undefined }, 403, {})).toThrow(/403/);
  });

  it('reports p50/p95 of both lists against GET /v1/me and server CPU per call (200 persons, 6 calls, 3 at a time)', async () => {
    const results = await benchLists({ persons: 200, requests: 6, concurrency: 3, log: () => undefined });
    const byName = new Map(results.map((r) => [r.name, r]));
    expect([...byName.keys()]).toEqual([
      'lists.exclusions.p50_ms_c3',
      'lists.exclusions.p95_ms_c3',
      'lists.exclusions.server_cpu_ms_per_call',
      'lists.not_informed.p50_ms_c3',
      'lists.not_informed.p95_ms_c3',
      'lists.not_informed.server_cpu_ms_per_call',
      'lists.me.p50_ms_c3',
      'lists.me.p95_ms_c3',
      'lists.me.server_cpu_ms_per_call',
    ]);
    for (const r of results) {
      expect(Number.isFinite(r.value) && r.value > 0, r.name).toBe(true);
      expect(r.unit).toBe('ms');
      if (r.baseline !== undefined) expect(r.ratio, r.name).toBeCloseTo(r.value / r.baseline, 1);
    }
    expect(byName.get('lists.exclusions.p95_ms_c3')!.baseline).toBe(byName.get('lists.me.p95_ms_c3')!.value);
    expect(byName.get('lists.not_informed.server_cpu_ms_per_call')!.baseline).toBe(byName.get('lists.me.server_cpu_ms_per_call')!.value);
    expect(listsOptionsFromEnv({ LISTS_BENCH_PERSONS: '1000', LISTS_BENCH_REQUESTS: '50', LISTS_BENCH_CONCURRENCY: '10' })).toMatchObject({ persons: 1000, requests: 50, concurrency: 10 });
  }, 120_000);
});
