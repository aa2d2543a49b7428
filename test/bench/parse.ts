/**
 * Parse benchmark (issue 14 item 3: read + split + ФЛК ≥ 500 k rows/s and ≥ 45 % of the split-only
 * ceiling measured in the same run; peak RSS < 200 MB, flat in the file size). Generates
 * windows-1251 insured exports, then measures the ingest workers' own reader and validator against
 * the same reader without ФЛК and against csv-parse + zod, and our peak RSS in child processes so
 * the baseline does not pollute it.
 */
import { spawn } from 'node:child_process';
import { closeSync, createReadStream, mkdtempSync, openSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';
import { z } from 'zod';
import { splitFields } from '../../shared/files/lines.js';
import { checkInsuredHeader, INSURED_COLUMNS } from '../../shared/flk/insured.js';
import { csvRows } from '../../shared/ingest/csv-rows.js';
import type { FileRecord } from '../../shared/ingest/file-record.js';
import { formatOf } from '../../shared/ingest/formats.js';
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
/** Issue 14 item 3: ≥ 500 k rows/s and ≥ 45 % of the split-only ceiling in the same run, < 200 MB at 1 M and 3 M rows. */
const TARGET_ROWS_PER_S = 500_000;
const TARGET_SHARE = 0.45;
const TARGET_RSS_MB = 200;
/** Timed rounds of ours and of the ceiling (best of each is reported). */
const ROUNDS = 3;

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

/** The insured file as the ingest pipeline sees it after receipt (sender, day received, header). */
function benchFile(header: string[]): FileRecord {
  return { fileId: 'bench', kind: 'insured', sender: REGION, receivedAt: `${TODAY}T09:00:00Z`, header, encoding: 'windows-1251', format: 'csv' } as FileRecord;
}

/**
 * Our pipeline, the very code the ingest chunk workers run (shared/services/ingest/rows.ts →
 * csvRows, formats.ts → the insured validator), over a file stream instead of an S3 body:
 * lines split on bytes, decoded per block, fields split, one ФЛК check per row. 'split-only' is
 * the same reader with the ФЛК left out: the ceiling of this machine for the same bytes.
 */
export async function runOurs(path: string, mode: 'flk' | 'split-only' = 'flk'): Promise<PipelineCount> {
  const count: PipelineCount = { rows: 0, valid: 0, issues: 0 };
  const header = splitFields(readFirstLine(path));
  if (!checkInsuredHeader(header).ok) throw new Error('benchmark file has a bad header');
  const validate = formatOf(benchFile(header)).makeValidator();
  const body = createReadStream(path, { highWaterMark: READ_CHUNK });
  const rows = csvRows(body, { start: 0, end: Number.MAX_SAFE_INTEGER }, 'windows-1251');
  for await (const block of rows.blocks) {
    if (mode === 'split-only') {
      count.rows += block.length;
      continue;
    }
    for (const { line, fields } of block) {
      const result = validate(fields, line);
      count.rows++;
      count.issues += result.issues.length;
      if (result.record) count.valid++;
    }
  }
  return count;
}

/** The header line (the receiver reads it at receipt and stores it on the file record). */
function readFirstLine(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(4096);
    const n = readSync(fd, head, 0, head.length, 0);
    const text = new TextDecoder('windows-1251').decode(head.subarray(0, n));
    return text.slice(0, text.indexOf('\n')).replace(/\r$/, '');
  } finally {
    closeSync(fd);
  }
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

    // Warm our paths once, then time ours and the split-only ceiling alternately, best of
    // ROUNDS each: the machine is shared, so a round's share of it varies, and the ratio of two
    // best times from the same minutes is what says how much the ФЛК costs.
    await runOurs(small);
    await runOurs(small, 'split-only');
    let oursMs = Infinity;
    let splitMs = Infinity;
    let ours: PipelineCount | undefined;
    for (let round = 0; round < ROUNDS; round++) {
      let t = performance.now();
      ours = await runOurs(small);
      oursMs = Math.min(oursMs, performance.now() - t);
      t = performance.now();
      const split = await runOurs(small, 'split-only');
      splitMs = Math.min(splitMs, performance.now() - t);
      if (split.rows !== ours.rows) throw new Error(`row counts differ: ours ${ours.rows}, split-only ${split.rows}`);
    }
    const t = performance.now();
    const base = await runBaseline(small, ref);
    const baseMs = performance.now() - t;
    if (ours!.rows !== opts.rows || base.rows !== opts.rows) throw new Error(`row counts differ: ours ${ours!.rows}, baseline ${base.rows}`);
    if (ours!.valid !== base.valid) process.stderr.write(`note: valid rows differ (ours ${ours!.valid}, baseline ${base.valid})\n`);

    const rss1 = await childPeakRss(small);
    await generateExport(large, rssRows, ref);
    const rss3 = await childPeakRss(large);
    if (opts.keep) process.stderr.write(`files kept: ${small} ${large}\n`);

    const oursRate = rate(opts.rows, oursMs);
    const splitRate = rate(opts.rows, splitMs);
    const baseRate = rate(opts.rows, baseMs);
    const round2 = (x: number): number => Math.round(x * 100) / 100;
    return [
      { name: `parse.ours.rows_per_s.${opts.rows}`, value: oursRate, unit: 'rows/s', baseline: baseRate, ratio: round2(oursRate / baseRate), target: TARGET_ROWS_PER_S },
      { name: `parse.split_only.rows_per_s.${opts.rows}`, value: splitRate, unit: 'rows/s' },
      { name: `parse.ours.share_of_split_only.${opts.rows}`, value: round2(oursRate / splitRate), unit: 'ratio', baseline: splitRate, ratio: round2(oursRate / splitRate), target: TARGET_SHARE },
      { name: `parse.baseline_csvparse_zod.rows_per_s.${opts.rows}`, value: baseRate, unit: 'rows/s' },
      { name: `parse.ours.peak_rss_mb.${opts.rows}`, value: round2(rss1.peakRssMb), unit: 'MB', target: TARGET_RSS_MB },
      { name: `parse.ours.peak_rss_mb.${rssRows}`, value: round2(rss3.peakRssMb), unit: 'MB', baseline: round2(rss1.peakRssMb), ratio: round2(rss3.peakRssMb / rss1.peakRssMb), target: TARGET_RSS_MB },
    ];
  } finally {
    if (!opts.keep) rmSync(dir, { recursive: true, force: true });
  }
}
