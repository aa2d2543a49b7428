import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkEnp } from '../../../shared/identifiers/enp.js';
import { loadReferenceData } from '../../../shared/reference/load.js';
import { InsuredFactory } from '../../../infra/local/testdata/generator.js';
import type { LocalStack } from '../../../infra/local/stack.js';
import { benchForming, formingOptionsFromEnv, verifyFormed } from '../../bench/forming.js';
import { buildReferenceDir, personsOfMo, seedDecision } from '../../bench/forming-data.js';

const dirs: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'omsflow-forming-test-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('forming bench', () => {
  it('extends the demo region to the asked number of MOs in a loadable reference copy', () => {
    const dir = join(tempDir(), 'ref');
    const codes = buildReferenceDir(dir, '77', 210);
    expect(codes).toHaveLength(210);
    expect(new Set(codes).size).toBe(210);
    const ref = loadReferenceData(dir);
    const region = [...ref.mos.values()].filter((m) => m.region === '77');
    // mo.csv order is the orchestrator's order; the shipped 60 come first and stay as they were.
    expect(region.map((m) => m.code)).toEqual(codes);
    const shipped = [...loadReferenceData().mos.values()].filter((m) => m.region === '77');
    expect(region.slice(0, shipped.length)).toEqual(shipped);
    expect(codes.every((c) => /^77\d{4}$/.test(c))).toBe(true);
    expect(readFileSync(join(dir, 'mo.csv'), 'utf8')).toMatch(/\n775000;77;ГБУЗ "Поликлиника нагрузочного теста № 1";1;0;0\r?\n/);
    // Fewer asked than shipped: the copy is unchanged.
    expect(buildReferenceDir(join(tempDir(), 'ref'), '77', 10)).toEqual(shipped.map((m) => m.code));
  });

  it('seeds eligible group 1–2 decisions with cards, round-robin over the MOs', () => {
    const ref = loadReferenceData();
    const factory = new InsuredFactory({ region: '77', rows: 10, ref, seed: 26, today: '2026-11-01' });
    const mos = ['771001', '771004', '775000'];
    const items = Array.from({ length: 10 }, (_, i) => seedDecision(factory.fields(i + 1), i, mos, { campaignId: 'ud-2026', region: '77' }));
    for (const [i, item] of items.entries()) {
      const card = item.card as { fam: string; im: string; dr: string; w: number };
      expect(checkEnp(item.enp as string)).toBeUndefined();
      expect(item.gsi1pk).toBe(`MOLIST#ud-2026#${mos[i % 3]}`);
      expect(item.gsi1sk).toBe(`${i % 5 < 2 ? 1 : 2}#${item.enp}`);
      expect(item).toMatchObject({ pk: `P#${item.enp}`, sk: 'GRP#ud-2026', decision: { eligible: true } });
      expect(card.dr).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect([1, 2]).toContain(card.w);
      expect(card.fam && card.im).toBeTruthy();
    }
    expect([0, 1, 2].map((p) => personsOfMo(10, 3, p))).toEqual([4, 3, 3]);
  });

  it('refuses a run whose stage or row counts do not add up', async () => {
    const codes = ['771001', '771004'];
    const progress = { mos: 2, formed: 2, empty: 0, pending: 0, failed: 0, done: 2, failures: [] };
    const stack = {} as LocalStack; // not reached: the counts fail first
    const api = async () => ({ status: 200, body: { mos: [{ mo: '771001', status: 'FORMED', rows: 5 }, { mo: '771004', status: 'FORMED', rows: 4 }] } });
    await expect(verifyFormed(stack, api, '77', codes, 10, { ...progress, failed: 1, done: 1 })).rejects.toThrow(/stage progress done = 1, expected 2/);
    await expect(verifyFormed(stack, api, '77', codes, 10, progress)).rejects.toThrow(/MO 771004: 4 rows formed, 5 persons seeded/);
  });

  it('reads sizes from the environment', () => {
    expect(formingOptionsFromEnv({ FORMING_BENCH_PERSONS: '5000', FORMING_BENCH_MOS: '210' })).toMatchObject({ persons: 5000, mos: 210, profile: false });
    expect(() => formingOptionsFromEnv({ FORMING_BENCH_PERSONS: '1e6x' })).toThrow(/FORMING_BENCH_PERSONS/);
  });

  it('forms a whole region on the local stack and reports verified, well-formed figures (3 000 persons, 205 MOs)', async () => {
    const referenceDirBefore = process.env.OMS_REFERENCE_DIR;
    const results = await benchForming({ persons: 3000, mos: 205, baselineRows: 3000, log: () => undefined });
    const byName = new Map(results.map((r) => [r.name, r]));
    expect([...byName.keys()]).toEqual([
      'forming.region_seconds',
      'forming.rows_per_s',
      'forming.persons',
      'forming.mos',
      'forming.files',
      'forming.baseline_write.rows_per_s_3k',
      'forming.seed.items_per_s',
      'forming.peak_rss_mb',
    ]);
    for (const r of results) {
      expect(Number.isFinite(r.value) && r.value > 0, r.name).toBe(true);
      if (r.baseline !== undefined) expect(r.ratio, r.name).toBeCloseTo(r.value / r.baseline, 1);
    }
    expect(byName.get('forming.persons')!.value).toBe(3000);
    expect(byName.get('forming.mos')!.value).toBe(205);
    // Verified inside the bench: one XLSX per MO, rows per MO as seeded.
    expect(byName.get('forming.files')!.value).toBe(205);
    const seconds = byName.get('forming.region_seconds')!;
    expect(byName.get('forming.rows_per_s')!.value).toBeCloseTo(3000 / seconds.value, -1);
    expect(byName.get('forming.rows_per_s')!.baseline).toBe(byName.get('forming.baseline_write.rows_per_s_3k')!.value);
    expect(byName.get('forming.peak_rss_mb')!.value).toBeLessThan(4000);
    // The environment the handlers read is restored.
    expect(process.env.OMS_REFERENCE_DIR).toBe(referenceDirBefore);
  }, 180_000); // a whole region on the emulators: a correctness check of the bench, its time is not asserted
});
