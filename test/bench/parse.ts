/**
 * Parse benchmark (issue target: read + split + validate ≥ 500 k rows/s, ≥ 3× csv-parse + zod,
 * peak RSS < 200 MB and flat in the file size). Generates windows-1251 insured exports, then
 * measures our pipeline against the baseline in the same run, and our peak RSS in child processes
 * so the baseline does not pollute it.
 */
import { spawn } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';
import { z } from 'zod';
import { lineBlocksInRange, linesInRange, splitFields } from '../../shared/files/lines.js';
import { checkInsuredHeader, INSURED_COLUMNS, makeInsuredRowValidator } from '../../shared/flk/insured.js';
import { passesLuhn } from '../../shared/identifiers/luhn.js';
import { checkSnils } from '../../shared/identifiers/snils.js';
import { loadReferenceData } from '../../shared/reference/load.js';
import type { ReferenceData } from '../../shared/reference/types.js';
import { insuredLines, writeExport } from '../../infra/local/testdata/generator.js';
import type { BenchResult } from './types.js';

const REGION = '77';
const TODAY = '2025-06-01';
// 64 KiB, like the chunks of an S3 GetObject body.
const READ_CHUNK = 64 * 1024;
const here = dirname(fileURLToPath(import.meta.url));

export interface ParseBenchOptions {
  /** Rows of the main file (speed and the first RSS point). */
  rows: number;
  /** Rows of the second RSS point; default 3 × rows. */
  rssRows?: number;
  /** Keep the generated files (prints their paths). */
  keep?: boolean;
}

/** Writes a deterministic export with a few hundred defective rows per million. */
export async function generateExport(path: string, rows: number, ref: ReferenceData): Promise<void> {
  const per = Math.max(1, Math.round(rows / 10_000));
  await writeExport(
    path,
    insuredLines({ region: REGION, rows, ref, seed: 7, today: TODAY, errors: { ENP_CHECKSUM: per, W_INVALID: per, MO_UNKNOWN: per, DATE_IMPOSSIBLE: per } }),
    INSURED_COLUMNS,
    'windows-1251',
  );
}

export interface PipelineCount {
  rows: number;
  valid: number;
  issues: number;
}

/** Our pipeline: file stream → linesInRange (one range = whole file) → splitFields → validator. */
export async function runOurs(path: string, ref: ReferenceData, mode: 'lines' | 'blocks' | 'split-only' = 'lines'): Promise<PipelineCount> {
  const count: PipelineCount = { rows: 0, valid: 0, issues: 0 };
  let validate: ReturnType<typeof makeInsuredRowValidator> | undefined;
  let line = 0;
  const handle = (text: string): void => {
    line++;
    const fields = splitFields(text);
    if (!validate) {
      const header = checkInsuredHeader(fields);
      if (!header.ok) throw new Error('benchmark file has a bad header');
      validate = makeInsuredRowValidator({ region: REGION, ref, today: TODAY, columns: header.columns });
      return;
    }
    if (text === '') return;
    if (mode === 'split-only') {
      count.rows++;
      return;
    }
    const result = validate(fields, line);
    count.rows++;
    count.issues += result.issues.length;
    if (result.person) count.valid++;
  };
  const body = createReadStream(path, { highWaterMark: READ_CHUNK });
  const range = { start: 0, end: Number.MAX_SAFE_INTEGER };
  if (mode === 'lines') for await (const text of linesInRange(body, range, 'windows-1251')) handle(text);
  else for await (const block of lineBlocksInRange(body, range, 'windows-1251')) for (const text of block) handle(text);
  return count;
}

const ruDate = z.string().regex(/^\d{2}\.\d{2}\.\d{4}$/).refine((s) => {
  const [d, m, y] = s.split('.').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d && s <= '9' && toIso(s) <= TODAY;
});
const toIso = (s: string): string => `${s.slice(6)}-${s.slice(3, 5)}-${s.slice(0, 2)}`;
const optional = <T extends z.ZodType>(schema: T) => z.union([z.literal(''), schema]);

/** The same main rules expressed the usual way, for the baseline. */
function baselineSchema(ref: ReferenceData) {
  const regionOf = (map: ReadonlyMap<string, { region: string }>) => (code: string) => map.get(code)?.region === REGION;
  return z.object({
    ENP: z.string().regex(/^\d{16}$/).refine(passesLuhn).refine((s) => ref.regions.has(s.slice(0, 2))),
    SS: optional(z.string().refine((s) => checkSnils(s) === undefined)),
    FAM: z.string().min(1).max(40),
    IM: z.string().min(1).max(40),
    OT: z.string().max(40),
    W: z.enum(['1', '2']),
    DR: ruDate,
    PHONE: optional(z.string().regex(/^(\+7|8)?[\d\s()-]{10,15}$/)),
    MO: z.string().refine(regionOf(ref.mos)),
    SMO: z.string().refine(regionOf(ref.smos)),
    DS_CHRONIC: optional(z.string().refine((s) => s.split(',').every((c) => ref.isIcd10(c.trim().toUpperCase())))),
    LAST_VISIT: optional(ruDate),
    DDEATH: optional(ruDate),
  });
}

/** Baseline: file stream → iconv-lite → csv-parse (`;`, header → objects) → zod. */
export async function runBaseline(path: string, ref: ReferenceData): Promise<PipelineCount> {
  const schema = baselineSchema(ref);
  const count: PipelineCount = { rows: 0, valid: 0, issues: 0 };
  const records = createReadStream(path, { highWaterMark: READ_CHUNK })
    .pipe(iconv.decodeStream('win1251'))
    .pipe(parse({ delimiter: ';', columns: true, relax_column_count: true, relax_quotes: true }));
  for await (const record of records) {
    count.rows++;
    const result = schema.safeParse(record);
    if (result.success) count.valid++;
    else count.issues += result.error.issues.length;
  }
  return count;
}

/** Peak RSS (MB) of our pipeline over `path`, in a fresh Node process. */
export async function childPeakRss(path: string): Promise<{ rows: number; peakRssMb: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'parse-child.ts'), path], {
    cwd: join(here, '..', '..'),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  const code = await new Promise<number | null>((resolve, reject) => child.on('error', reject).on('close', resolve));
  if (code !== 0) throw new Error(`parse-child exited with ${code}`);
  return JSON.parse(out.trim().split('\n').at(-1)!) as { rows: number; peakRssMb: number };
}

const rate = (rows: number, ms: number): number => Math.round((rows / ms) * 1000);

export async function benchParse(opts: ParseBenchOptions): Promise<BenchResult[]> {
  const ref = loadReferenceData();
  const dir = mkdtempSync(join(tmpdir(), 'omsflow-bench-'));
  const rssRows = opts.rssRows ?? opts.rows * 3;
  try {
    const small = join(dir, `insured-${opts.rows}.csv`);
    const large = join(dir, `insured-${rssRows}.csv`);
    await generateExport(small, opts.rows, ref);

    // Warm both paths on the file once, then time them alternately.
    await runOurs(small, ref);
    let t = performance.now();
    const ours = await runOurs(small, ref);
    const oursMs = performance.now() - t;
    t = performance.now();
    const base = await runBaseline(small, ref);
    const baseMs = performance.now() - t;
    t = performance.now();
    const blocks = await runOurs(small, ref, 'blocks');
    const blocksMs = performance.now() - t;
    // The ceiling of this machine without ФЛК: read, decode, split lines and fields only.
    t = performance.now();
    const split = await runOurs(small, ref, 'split-only');
    const splitMs = performance.now() - t;
    if (ours.rows !== opts.rows || base.rows !== opts.rows) throw new Error(`row counts differ: ours ${ours.rows}, baseline ${base.rows}`);
    if (ours.valid !== base.valid) process.stderr.write(`note: valid rows differ (ours ${ours.valid}, baseline ${base.valid})\n`);

    const rss1 = await childPeakRss(small);
    await generateExport(large, rssRows, ref);
    const rss3 = await childPeakRss(large);
    if (opts.keep) process.stderr.write(`files kept: ${small} ${large}\n`);

    const oursRate = rate(ours.rows, oursMs);
    const baseRate = rate(base.rows, baseMs);
    const round2 = (x: number): number => Math.round(x * 100) / 100;
    return [
      { name: `parse.ours.rows_per_s.${opts.rows}`, value: oursRate, unit: 'rows/s', baseline: baseRate, ratio: round2(oursRate / baseRate) },
      { name: `parse.ours_blocks.rows_per_s.${opts.rows}`, value: rate(blocks.rows, blocksMs), unit: 'rows/s', baseline: baseRate, ratio: round2(rate(blocks.rows, blocksMs) / baseRate) },
      { name: `parse.baseline_csvparse_zod.rows_per_s.${opts.rows}`, value: baseRate, unit: 'rows/s' },
      { name: `parse.split_only.rows_per_s.${opts.rows}`, value: rate(split.rows, splitMs), unit: 'rows/s', baseline: baseRate, ratio: round2(rate(split.rows, splitMs) / baseRate) },
      { name: `parse.ours.peak_rss_mb.${opts.rows}`, value: round2(rss1.peakRssMb), unit: 'MB' },
      { name: `parse.ours.peak_rss_mb.${rssRows}`, value: round2(rss3.peakRssMb), unit: 'MB', baseline: round2(rss1.peakRssMb), ratio: round2(rss3.peakRssMb / rss1.peakRssMb) },
    ];
  } finally {
    if (!opts.keep) rmSync(dir, { recursive: true, force: true });
  }
}
