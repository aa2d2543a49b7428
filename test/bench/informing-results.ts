/**
 * Informing-results ingest bench (DOMAIN.md §3.7): an SMO's windows-1251 results file of N rows (a few
 * injected errors per 10 k) through the worker's own pass — streamed read and decode, row checks,
 * registry lookups per block (in memory here, as DynamoDB would answer them), staging of findings
 * and accepted rows, duplicate keys as sorted runs spilled to disk — against plain csv-parse of the
 * same file in the same run. Peak RSS of the pass in child processes (heap capped at
 * CHILD_HEAP_MB) at N and 3 N rows shows whether memory grows with the file. RESULTS_BENCH_ROWS / _RSS_ROWS size it (`npm run bench -- --only results`).
 */
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, openSync, readSync, closeSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';
import type { BatchId } from '../../shared/domain/records.js';
import { detectEncoding } from '../../shared/files/encoding.js';
import { makeEnp } from '../../shared/identifiers/enp.js';
import { loadInformingCodes } from '../../shared/informing/result-codes.js';
import { FILE_FIELDS, type PlanFacts, type ResultContext, type ResultLookups } from '../../shared/informing/result-rows.js';
import { loadCampaigns, loadReferenceData } from '../../shared/reference/load.js';
import { KeyRuns } from '../../shared/informing/key-runs.js';
import { resultRowsOf, type HeaderOutcome } from '../../shared/informing/result-file-rows.js';
import { checkRows } from '../../shared/services/informing/results-check.js';
import { sizeLabel } from './abonent.js';
import { envInt, type BenchResult } from './types.js';

const here = dirname(fileURLToPath(import.meta.url));
const SMO = '41001';
const TODAY = '2026-11-24';
const READ_CHUNK = 64 * 1024;
const CHANNELS = ['01', '02', '03', '04', '06', '07', '11'];

export interface ResultsBenchOptions {
  rows?: number;
  /** Rows of the second RSS point (the first is `rows`); 0 skips the children. Default 3 × rows. */
  rssRows?: number;
}

export function resultsOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): ResultsBenchOptions {
  const num = (name: string) => envInt(env, name, 0);
  return { rows: num('RESULTS_BENCH_ROWS'), rssRows: num('RESULTS_BENCH_RSS_ROWS') };
}

const ru = (ms: number) => {
  const d = new Date(ms).toISOString();
  return `${d.slice(8, 10)}.${d.slice(5, 7)}.${d.slice(0, 4)}`;
};
const DAY = 86_400_000;
const START = Date.parse('2021-06-20T00:00:00Z');

/** The i-th person's ЕНП: region 41, a birth date and counter derived from i (unique up to 36 M). */
export function benchEnp(i: number): string {
  return makeEnp('41', new Date(Date.parse('1940-01-01T00:00:00Z') + Math.floor(i / 100_000) * DAY).toISOString().slice(0, 10), ((i % 2) + 1) as 1 | 2, i % 100_000);
}

/**
 * Writes N rows: one day per person, mostly «informed»; per 10 k rows a wrong check digit, an
 * unknown channel written in Cyrillic (so the file is really windows-1251), a date in the future
 * and a repeated person and day.
 */
export async function writeResultsFile(path: string, rows: number): Promise<number> {
  const out = createWriteStream(path);
  let block = 'ENP;DATE_INF;CHANNEL;RESULT\r\n';
  for (let i = 0; i < rows; i++) {
    const enp = benchEnp(i);
    const date = ru(START + (i % 120) * DAY);
    let line = `${enp};${date};${CHANNELS[i % CHANNELS.length]};${i % 5 === 4 ? '2' : '1'}`;
    switch (i >= 10 ? i % 10_000 : -1) {
      case 1:
        line = `${enp.slice(0, 15)}${(Number(enp[15]) + 1) % 10};${date};01;1`;
        break;
      case 2:
        line = `${enp};${date};СМС;1`;
        break;
      case 3:
        line = `${enp};01.01.2099;01;1`;
        break;
      case 4:
        line = `${benchEnp(i - 5)};${ru(START + ((i - 5) % 120) * DAY)};03;2`;
        break;
    }
    block += `${line}\r\n`;
    if (block.length >= 256 * 1024) {
      if (!out.write(iconv.encode(block, 'win1251'))) await once(out, 'drain');
      block = '';
    }
  }
  out.end(iconv.encode(block, 'win1251'));
  await once(out, 'finish');
  return rows;
}

/** The registry as DynamoDB would answer it, computed from the ЕНП (no table held in memory). */
export const benchLookups: ResultLookups = {
  async plans(enps) {
    const out = new Map<string, PlanFacts>();
    for (const enp of enps) {
      const n = Number(enp.slice(10, 15));
      out.set(enp, { enp, region: '41', batch: '12' as BatchId, mo: `41000${(n % 8) + 1}`, smo: n % 997 === 5 ? '41003' : SMO, group: (n % 2) + 1, date: '2021-07-10' });
    }
    return out;
  },
  approved: async () => true,
};

export interface IngestCount {
  rows: number;
  accepted: number;
  errors: number;
  duplicates: number;
}

function headOf(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(64 * 1024);
    return head.subarray(0, readSync(fd, head, 0, head.length, 0));
  } finally {
    closeSync(fd);
  }
}

/**
 * The worker's pass over a local copy: detect the encoding, stream rows, check them block by block,
 * serialize findings and accepted rows as the worker stages them, spill key runs to `workDir`.
 */
export async function runIngest(path: string, workDir: string): Promise<IngestCount> {
  const campaign = loadCampaigns().find((c) => c.id === 'ud-2021')!;
  const ctx: ResultContext = { ref: loadReferenceData(), codes: loadInformingCodes(), campaign, smo: SMO, today: TODAY, names: FILE_FIELDS };
  const encoding = detectEncoding(headOf(path));
  let staged = 0;
  let header: HeaderOutcome | undefined;
  const keys = new KeyRuns(async (index, run) => {
    const file = join(workDir, `keys-${index}.tsv`);
    const out = createWriteStream(file);
    out.end(run.join('\n'));
    await once(out, 'finish');
    return async () => createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  });
  const rows = resultRowsOf(createReadStream(path, { highWaterMark: READ_CHUNK }), 'csv', encoding, (h) => (header = h));
  const sink = (value: unknown) => void (staged += JSON.stringify(value).length + 1);
  const totals = await checkRows(rows, ctx, benchLookups, { issue: sink, accept: sink }, keys);
  if (!header?.ok) throw new Error('bench file has a bad header');
  const duplicates = await keys.duplicates();
  if (!staged) throw new Error('nothing staged');
  return { rows: totals.rows, accepted: totals.accepted - duplicates.length, errors: totals.errors + duplicates.length, duplicates: duplicates.length };
}

/** Baseline: the same file through iconv-lite and csv-parse (header → objects), nothing checked. */
export async function runCsvParse(path: string): Promise<number> {
  let rows = 0;
  const records = createReadStream(path, { highWaterMark: READ_CHUNK }).pipe(iconv.decodeStream('win1251')).pipe(parse({ delimiter: ';', columns: true, relax_column_count: true }));
  for await (const record of records) if (record) rows++;
  return rows;
}

/**
 * The children run with the V8 heap capped: uncapped, V8 lets a busy heap grow lazily (more
 * garbage, bigger heap) whatever is live, which would blur the comparison; capped, a pass whose
 * live memory grew with the file would fail on the larger file instead of finishing as flat.
 */
export const CHILD_HEAP_MB = 160;

/** Peak RSS (MB) of our pass over the file at `path`, in its own process (the file is written here). */
export async function childPeakRss(path: string): Promise<{ rows: number; peakRssMb: number }> {
  const child = spawn(process.execPath, [`--max-old-space-size=${CHILD_HEAP_MB}`, '--import', 'tsx', join(here, 'informing-results-child.ts'), path], { cwd: join(here, '..', '..'), stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  const code = await new Promise<number | null>((resolve, reject) => child.on('error', reject).on('close', resolve));
  if (code !== 0) throw new Error(`informing-results-child exited with ${code}`);
  return JSON.parse(out.trim().split('\n').at(-1)!) as { rows: number; peakRssMb: number };
}

const rate = (rows: number, ms: number): number => Math.round((rows / ms) * 1000);

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t = performance.now();
  const value = await run();
  return { value, ms: performance.now() - t };
}

export async function benchResults(opts: ResultsBenchOptions = {}): Promise<BenchResult[]> {
  const rows = opts.rows ?? 300_000;
  const rssRows = opts.rssRows ?? rows * 3;
  const dir = mkdtempSync(join(tmpdir(), 'omsflow-results-bench-'));
  try {
    const path = join(dir, 'results.csv');
    await writeResultsFile(path, rows);
    await runCsvParse(path); // warm-up: page cache and JIT for both
    const baseline = await timed(() => runCsvParse(path));
    const ours = await timed(() => runIngest(path, dir));
    if (baseline.value !== rows || ours.value.rows !== rows) throw new Error(`rows: baseline ${baseline.value}, ours ${ours.value.rows}, expected ${rows}`);
    const label = sizeLabel(rows);
    const oursRate = rate(rows, ours.ms);
    const baseRate = rate(rows, baseline.ms);
    const results: BenchResult[] = [
      { name: `results.ingest_${label}`, value: oursRate, unit: 'rows/s', baseline: baseRate, ratio: Math.round((oursRate / baseRate) * 100) / 100 },
      { name: `results.csv_parse_${label}`, value: baseRate, unit: 'rows/s' },
      { name: `results.rejected_rows_${label}`, value: rows - ours.value.accepted, unit: 'rows' },
    ];
    if (rssRows > 0) {
      const largePath = join(dir, 'results-large.csv');
      await writeResultsFile(largePath, rssRows);
      const small = await childPeakRss(path);
      const large = await childPeakRss(largePath);
      if (large.rows !== rssRows) throw new Error(`RSS child read ${large.rows} rows, expected ${rssRows}`);
      const mb = (x: number) => Math.round(x * 10) / 10;
      results.push(
        { name: `results.peak_rss_${sizeLabel(rssRows)}`, value: mb(large.peakRssMb), unit: 'MB', baseline: mb(small.peakRssMb), ratio: Math.round((large.peakRssMb / small.peakRssMb) * 100) / 100 },
        { name: `results.peak_rss_${label}`, value: mb(small.peakRssMb), unit: 'MB' },
      );
    }
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
