import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { benchResults, resultsOptionsFromEnv, runCsvParse, runIngest, writeResultsFile } from '../../bench/informing-results.js';

// Shape, not timing: named, finite figures with consistent ratios; the pass finds exactly the injected errors.
describe('informing-results bench', () => {
  it('finds exactly the injected findings of a 10 005-row windows-1251 file, and csv-parse reads the same rows', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'omsflow-results-bench-test-'));
    try {
      const path = join(dir, 'r.csv');
      await writeResultsFile(path, 10_005);
      // Rows 10 001–10 004: a wrong check digit, a Cyrillic channel, a future date, a repeated person
      // and day; persons 5 + 997 k (11 of them) belong to another SMO.
      expect(await runIngest(path, dir)).toEqual({ rows: 10_005, accepted: 10_005 - 15, errors: 15, duplicates: 1 });
      expect(await runCsvParse(path)).toBe(10_005);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports ingest rows/s against csv-parse of the same file, and flat peak RSS (2 000 / 6 000 rows)', async () => {
    const results = await benchResults({ rows: 2000, rssRows: 6000 });
    const byName = new Map(results.map((r) => [r.name, r]));
    expect([...byName.keys()]).toEqual(['results.ingest_2k', 'results.csv_parse_2k', 'results.rejected_rows_2k', 'results.peak_rss_6k', 'results.peak_rss_2k']);
    for (const r of results) {
      expect(Number.isFinite(r.value) && r.value > 0, r.name).toBe(true);
      if (r.baseline !== undefined) expect(r.ratio, r.name).toBeCloseTo(r.value / r.baseline, 1);
    }
    const ingest = byName.get('results.ingest_2k')!;
    expect(ingest.unit).toBe('rows/s');
    expect(ingest.baseline).toBe(byName.get('results.csv_parse_2k')!.value);
    const rss = byName.get('results.peak_rss_6k')!;
    expect(rss.unit).toBe('MB');
    expect(rss.baseline).toBe(byName.get('results.peak_rss_2k')!.value);
    // A Node process with the pipeline loaded is tens of MB; a kB/MB mix-up would be off by 1024.
    expect(rss.value).toBeGreaterThan(20);
    expect(rss.value).toBeLessThan(2000);
  }, 60_000);

  it('omits the RSS children when rssRows is 0 and reads sizes from the environment', async () => {
    expect((await benchResults({ rows: 500, rssRows: 0 })).map((r) => r.name)).toEqual(['results.ingest_500', 'results.csv_parse_500', 'results.rejected_rows_500']);
    expect(resultsOptionsFromEnv({ RESULTS_BENCH_ROWS: '5000', RESULTS_BENCH_RSS_ROWS: '0' })).toEqual({ rows: 5000, rssRows: 0 });
  });
});
