import { describe, expect, it } from 'vitest';
import { checkEnp } from '../../../shared/identifiers/enp.js';
import { abonentOptionsFromEnv, abonentRows, benchAbonent, sizeLabel } from '../../bench/abonent.js';

// Shape, not timing: the bench must produce well-formed JSON-line figures at any size.
describe('abonent bench', () => {
  it('returns named, positive, finite figures with consistent ratios (2 000 rows, small RSS children)', async () => {
    const results = await benchAbonent({ rows: 2000, rssRows: 4000, repeats: 1 });
    const byName = new Map(results.map((r) => [r.name, r]));
    expect([...byName.keys()]).toEqual([
      'abonent.write_2k',
      'abonent.plain_exceljs.write_2k',
      'abonent.file_bytes_per_row_2k',
      'abonent.peak_rss_4k',
      'abonent.peak_rss_2k',
      'abonent.child_write_4k',
    ]);
    for (const r of results) {
      expect(Number.isFinite(r.value) && r.value > 0, r.name).toBe(true);
      if (r.baseline !== undefined) {
        expect(Number.isFinite(r.baseline) && r.baseline > 0, r.name).toBe(true);
        expect(r.ratio, r.name).toBeCloseTo(r.value / r.baseline, 1);
      }
    }
    const write = byName.get('abonent.write_2k')!;
    expect(write.unit).toBe('rows/s');
    expect(write.baseline).toBe(byName.get('abonent.plain_exceljs.write_2k')!.value);
    expect(byName.get('abonent.file_bytes_per_row_2k')!.unit).toBe('B/row');
    const rss = byName.get('abonent.peak_rss_4k')!;
    expect(rss.unit).toBe('MB');
    expect(rss.baseline).toBe(byName.get('abonent.peak_rss_2k')!.value);
    // A Node process with exceljs loaded is tens of MB; a kB/MB mix-up would be off by 1024.
    expect(rss.value).toBeGreaterThan(20);
    expect(rss.value).toBeLessThan(2000);
  }, 60_000);

  it('omits the RSS children when rssRows is 0', async () => {
    const results = await benchAbonent({ rows: 500, rssRows: 0, repeats: 1 });
    expect(results.map((r) => r.name)).toEqual(['abonent.write_500', 'abonent.plain_exceljs.write_500', 'abonent.file_bytes_per_row_500']);
  });

  it('generates realistic, deterministic rows', () => {
    const rows = [...abonentRows(300)];
    expect(rows).toEqual([...abonentRows(300)]);
    expect(new Set(rows.map((r) => r.enp)).size).toBe(300);
    for (const [i, r] of rows.entries()) {
      expect(r.n).toBe(i + 1);
      expect(checkEnp(r.enp), r.enp).toBeUndefined();
      expect(r.fio).toMatch(/^[А-ЯЁ][а-яё-]+( [А-ЯЁ][а-яё-]+){1,2}$/);
      expect(r.dr).toMatch(/^\d{2}\.\d{2}\.(19|20)\d{2}$/);
      expect(['М', 'Ж']).toContain(r.w);
      expect(r.phone).toMatch(/^(\+79\d{9})?$/);
      expect(r.group).toBeGreaterThanOrEqual(1);
      expect(r.group).toBeLessThanOrEqual(4);
      expect(r.smo).toMatch(/^\d{5}$/);
    }
    expect(new Set(rows.map((r) => r.group)).size).toBe(4);
    expect(rows.some((r) => r.phone === '') && rows.some((r) => r.phone !== '')).toBe(true);
  });

  it('labels sizes and reads sizes from the environment', () => {
    expect([sizeLabel(100_000), sizeLabel(1_000_000), sizeLabel(2000), sizeLabel(2500)]).toEqual(['100k', '1m', '2k', '2500']);
    expect(abonentOptionsFromEnv({ ABONENT_BENCH_ROWS: '2000', ABONENT_BENCH_RSS_ROWS: '0' })).toEqual({ rows: 2000, rssRows: 0, repeats: undefined });
    expect(() => abonentOptionsFromEnv({ ABONENT_BENCH_ROWS: '1e5x' })).toThrow(/ABONENT_BENCH_ROWS/);
  });
});
