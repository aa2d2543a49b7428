/**
 * «Абонентский пункт» write benchmark (DOMAIN.md §3.4): rows/s of writeAbonentWorkbook against plain
 * exceljs streaming in the same run, and peak RSS of a 1 M-row file in a child process (target
 * < 250 MB, flat in the row count). Sizes: 100 k and 1 M rows, or ABONENT_BENCH_ROWS /
 * ABONENT_BENCH_RSS_ROWS for a smoke run (run.ts's --rows is the parse bench's file size; its
 * 1 M default would make the timed run hold a million rows in memory).
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { HEADERS, sexLabel, type AbonentRow } from '../../shared/abonent/layout.js';
import { writeAbonentWorkbook } from '../../shared/abonent/workbook.js';
import { loadReferenceData } from '../../shared/reference/load.js';
import { InsuredFactory } from '../../infra/local/testdata/generator.js';
import { Rng } from '../../infra/local/testdata/prng.js';
import { envInt, type BenchResult } from './types.js';

const here = dirname(fileURLToPath(import.meta.url));
const REGION = '77';
const TODAY = '2025-06-01';
const SEED = 11;
/** Part size of shared/adapters/s3.ts uploadStream. */
const PART_SIZE = 8 * 1024 * 1024;

export const META = {
  fileId: 'ap-bench',
  mo: '771001',
  region: REGION,
  campaignId: 'ud-2021',
  batch: '12',
  window: { from: '2021-06-22', to: '2021-12-31' },
  formedAt: '2021-06-15T00:00:00.000Z',
} as const;

/**
 * Persons as the forming worker would list them: the project's deterministic generator (valid
 * ЕНП, Russian ФИО, DD.MM.YYYY dates, +79… phones or none, the region's 5-digit SMO codes) plus a
 * group 1–4. Lazy, so the 1 M-row child holds one row at a time.
 */
export function* abonentRows(count: number): Generator<AbonentRow> {
  const factory = new InsuredFactory({ region: REGION, rows: count, ref: loadReferenceData(), seed: SEED, today: TODAY });
  const rng = new Rng();
  for (let n = 1; n <= count; n++) {
    const f = factory.fields(n);
    const fio = f[4] ? `${f[2]} ${f[3]} ${f[4]}` : `${f[2]} ${f[3]}`;
    yield { n, enp: f[0]!, fio, dr: f[6]!, w: sexLabel(f[5] === '1' ? 1 : 2), phone: f[7]!, group: rng.reseed(SEED, n, 3).int(1, 4), smo: f[9]! };
  }
}

async function* iterate<T>(items: Iterable<T>): AsyncGenerator<T> {
  yield* items;
}

/**
 * Consumes like lib-storage's Upload behind uploadStream's PassThrough: asynchronously (so the
 * producer sees backpressure and the event loop turns), holding the bytes of the current part
 * until it reaches PART_SIZE, then dropping it as if sent. No network latency: the figure is the
 * writer's cost, not S3's.
 */
export class UploadLikeSink extends Writable {
  bytes = 0;
  private part: Buffer[] = [];
  private partBytes = 0;

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.bytes += chunk.length;
    this.part.push(chunk);
    this.partBytes += chunk.length;
    if (this.partBytes >= PART_SIZE) {
      this.part = [];
      this.partBytes = 0;
    }
    setImmediate(done);
  }
}

export interface WriteCount {
  rows: number;
  bytes: number;
}

/** Ours: writeAbonentWorkbook into an upload-like sink. */
export async function writeOurs(rows: AsyncIterable<AbonentRow>): Promise<WriteCount> {
  const sink = new UploadLikeSink();
  const meta = await writeAbonentWorkbook(sink, META, rows);
  return { rows: meta.rows, bytes: sink.bytes };
}

/**
 * Baseline: exceljs streaming writer as its README shows it (useSharedStrings off, no styles,
 * validations or protection, no backpressure handling), the same header and 8 values per row.
 */
export async function writePlain(rows: AsyncIterable<AbonentRow>): Promise<WriteCount> {
  const sink = new UploadLikeSink();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useSharedStrings: false, useStyles: false });
  const sheet = workbook.addWorksheet('Sheet1');
  sheet.addRow([...HEADERS]).commit();
  let count = 0;
  for await (const row of rows) {
    sheet.addRow([row.n, row.enp, row.fio, row.dr, row.w, row.phone, row.group, row.smo]).commit();
    count++;
  }
  sheet.commit();
  await workbook.commit();
  return { rows: count, bytes: sink.bytes };
}

export interface ChildResult {
  rows: number;
  peakRssMb: number;
  ms: number;
  bytes: number;
}

/** Peak RSS (MB) of writing `rows` abonent rows in a fresh Node process. */
export async function childWrite(rows: number): Promise<ChildResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'abonent-child.ts'), String(rows)], {
    cwd: join(here, '..', '..'),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  const code = await new Promise<number | null>((resolve, reject) => child.on('error', reject).on('close', resolve));
  if (code !== 0) throw new Error(`abonent-child exited with ${code}`);
  const result = JSON.parse(out.trim().split('\n').at(-1)!) as ChildResult;
  if (result.rows !== rows) throw new Error(`abonent-child wrote ${result.rows} rows, asked ${rows}`);
  return result;
}

/** 100000 → "100k", 1000000 → "1m", 2500 → "2500": result names carry the size. */
export function sizeLabel(rows: number): string {
  if (rows % 1_000_000 === 0) return `${rows / 1_000_000}m`;
  if (rows % 1000 === 0) return `${rows / 1000}k`;
  return String(rows);
}

export interface AbonentBenchOptions {
  /** Rows of the timed file and of the baseline RSS point; default 100 000. */
  rows?: number;
  /** Rows of the large RSS point; default 1 000 000; 0 = no child processes. */
  rssRows?: number;
  /** Timed runs per writer, the best counts (after one warm-up each); default 2. */
  repeats?: number;
}

export function abonentOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): AbonentBenchOptions {
  const num = (name: string) => envInt(env, name, 0);
  return { rows: num('ABONENT_BENCH_ROWS'), rssRows: num('ABONENT_BENCH_RSS_ROWS'), repeats: num('ABONENT_BENCH_REPEATS') };
}

const rate = (rows: number, ms: number): number => Math.round((rows / ms) * 1000);
const round2 = (x: number): number => Math.round(x * 100) / 100;

async function timed(write: (rows: AsyncIterable<AbonentRow>) => Promise<WriteCount>, rows: AbonentRow[]): Promise<{ rate: number; bytes: number }> {
  const t = performance.now();
  const count = await write(iterate(rows));
  const ms = performance.now() - t;
  if (count.rows !== rows.length) throw new Error(`wrote ${count.rows} rows of ${rows.length}`);
  return { rate: rate(count.rows, ms), bytes: count.bytes };
}

export async function benchAbonent(opts: AbonentBenchOptions = {}): Promise<BenchResult[]> {
  const rows = opts.rows || 100_000;
  const rssRows = opts.rssRows ?? 1_000_000;
  const repeats = Math.max(1, opts.repeats ?? 2);
  // Generated up front so neither timing includes the generator.
  const data = [...abonentRows(rows)];
  const warm = data.slice(0, Math.min(rows, 20_000));
  await writeOurs(iterate(warm));
  await writePlain(iterate(warm));
  // Alternate so drift on a shared machine hits both alike; keep each one's best.
  let ours = { rate: 0, bytes: 0 };
  let plain = { rate: 0, bytes: 0 };
  for (let i = 0; i < repeats; i++) {
    const o = await timed(writeOurs, data);
    if (o.rate > ours.rate) ours = o;
    const p = await timed(writePlain, data);
    if (p.rate > plain.rate) plain = p;
  }
  data.length = 0;

  const size = sizeLabel(rows);
  // ratio = value / baseline, as in parse.ts: for rows/s below 1 means slower than plain exceljs
  // (the price of styles, protection, validations and the digest); for RSS, the large file's
  // peak over the small one's, so ≈ 1 means memory does not grow with the row count.
  const results: BenchResult[] = [
    { name: `abonent.write_${size}`, value: ours.rate, unit: 'rows/s', baseline: plain.rate, ratio: round2(ours.rate / plain.rate) },
    { name: `abonent.plain_exceljs.write_${size}`, value: plain.rate, unit: 'rows/s' },
    { name: `abonent.file_bytes_per_row_${size}`, value: round2(ours.bytes / rows), unit: 'B/row', baseline: round2(plain.bytes / rows), ratio: round2(ours.bytes / plain.bytes) },
  ];
  if (rssRows > 0) {
    const small = await childWrite(rows);
    const large = await childWrite(rssRows);
    const smallMb = round2(small.peakRssMb);
    results.push(
      { name: `abonent.peak_rss_${sizeLabel(rssRows)}`, value: round2(large.peakRssMb), unit: 'MB', baseline: smallMb, ratio: round2(large.peakRssMb / small.peakRssMb) },
      { name: `abonent.peak_rss_${size}`, value: smallMb, unit: 'MB' },
      // Includes generating the rows in the child; a sanity check that speed holds at 1 M.
      { name: `abonent.child_write_${sizeLabel(rssRows)}`, value: rate(large.rows, large.ms), unit: 'rows/s', baseline: rate(small.rows, small.ms), ratio: round2(rate(large.rows, large.ms) / rate(small.rows, small.ms)) },
    );
  }
  return results;
}
