/**
 * Forming benchmark (stages 2–3, batch 12): seconds to form every MO's «абонентский пункт» of a
 * whole demo region — ≥ 200 MOs and ≥ 1 M persons by default — on the local stack (dynalite,
 * s3rver, fauxqs, handlers in-process as `npm start` runs them). All seeded persons are eligible
 * and in groups 1–2, so the batch writes every one of them: rows = persons.
 *
 * Timed: from the TFOMS's POST …/forming until waitForIdle returns and the stage GET reports every
 * MO done with no failures. Not timed: building the reference copy, starting the stack, seeding
 * (its own rate is printed), verification. Sizes: FORMING_BENCH_PERSONS (default 1 000 000),
 * FORMING_BENCH_MOS (default 220); see formingOptionsFromEnv for the rest.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { demoToken } from '../../infra/local/demo-users.js';
import { startLocalStack, type LocalStack } from '../../infra/local/stack.js';
import type { AbonentRow } from '../../shared/abonent/layout.js';
import { writeAbonentWorkbook } from '../../shared/abonent/workbook.js';
import { mainTable } from '../../shared/adapters/store/dynamo.js';
import { moListOf } from '../../shared/adapters/store/groups.js';
import { readXlsxRows } from '../../shared/files/xlsx.js';
import { REFERENCE_DIR_ENV } from '../../shared/reference/load.js';
import { abonentRows, META, sizeLabel, UploadLikeSink } from './abonent.js';
import { buildReferenceDir, personsOfMo, runSeedChild, type SeedJob } from './forming-data.js';
import { envInt, type BenchResult } from './types.js';

const CAMPAIGN = 'ud-2026';
const BATCH = '12';

export interface FormingBenchOptions {
  /** Persons of the region, all in groups 1–2; default 1 000 000. */
  persons?: number;
  /** MOs of the region (the shipped ones plus synthetic codes); default 220. */
  mos?: number;
  /** Region code; default 77 (60 demo MOs shipped). */
  region?: string;
  /** Concurrent invocations per function, as `npm start`'s default; default 2. */
  concurrency?: number;
  /** Seeding child processes and BatchWrite calls in flight per child; defaults 1 and 16. */
  seeders?: number;
  seedInFlight?: number;
  /** Rows of the baseline sample (writeAbonentWorkbook without emulators); default 100 000. */
  baselineRows?: number;
  /** Also time a query-only pass over every MO's list (where the time goes); default false. */
  profile?: boolean;
  /** Write a CPU profile of this process over the timed forming (a .cpuprofile for DevTools). */
  cpuProfile?: string;
  /** Keep the temp directory (reference copy, emulator data). */
  keep?: boolean;
  /** Progress lines (stderr by default; stdout carries the JSON results). */
  log?: (msg: string) => void;
}

export function formingOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): FormingBenchOptions {
  const num = (name: string) => envInt(env, name);
  return {
    persons: num('FORMING_BENCH_PERSONS'),
    mos: num('FORMING_BENCH_MOS'),
    concurrency: num('FORMING_BENCH_CONCURRENCY'),
    seeders: num('FORMING_BENCH_SEEDERS'),
    baselineRows: num('FORMING_BENCH_BASELINE_ROWS'),
    profile: env.FORMING_BENCH_PROFILE === '1',
    cpuProfile: env.FORMING_BENCH_CPU_PROFILE || undefined,
    keep: env.FORMING_BENCH_KEEP === '1',
  };
}

const rate = (rows: number, ms: number): number => Math.round((rows / ms) * 1000);
const round2 = (x: number): number => Math.round(x * 100) / 100;
const mb = (bytes: number): number => round2(bytes / 1024 / 1024);

/**
 * The writer alone: writeAbonentWorkbook into an upload-like counting sink, one file after another
 * in this process, files as large as the forming's (persons / MOs rows), no emulators. Measured
 * on a sample of at most `sampleRows` rows in the same run and taken as the rate for all rows
 * (the abonent bench shows the writer's rate flat from 100 k to 1 M rows). Row generation is done
 * per file before its clock starts.
 */
export async function baselineRate(persons: number, mos: number, sampleRows: number): Promise<{ rows: number; rate: number }> {
  const perFile = Math.max(1, Math.ceil(persons / mos));
  const sample = Math.min(persons, sampleRows);
  const fileOf = (rows: number): AbonentRow[] => [...abonentRows(rows)];
  await writeFile(fileOf(Math.min(perFile, 5000))); // warm-up: module load, JIT
  let ms = 0;
  for (let done = 0; done < sample; ) {
    const rows = fileOf(Math.min(perFile, sample - done));
    const t = performance.now();
    await writeFile(rows);
    ms += performance.now() - t;
    done += rows.length;
  }
  return { rows: sample, rate: rate(sample, ms) };
}

async function writeFile(rows: AbonentRow[]): Promise<void> {
  const meta = await writeAbonentWorkbook(new UploadLikeSink(), META, Readable.from(rows));
  if (meta.rows !== rows.length) throw new Error(`baseline wrote ${meta.rows} rows of ${rows.length}`);
}

/** Seeds persons [0, persons) through `seeders` child processes; returns items/s. */
async function seed(stack: LocalStack, referenceDir: string, region: string, persons: number, seeders: number, inFlight: number): Promise<number> {
  const base: Omit<SeedJob, 'from' | 'to'> = {
    endpoint: stack.endpoints.dynamodb.endpoint,
    awsRegion: stack.endpoints.region,
    credentials: stack.endpoints.credentials,
    table: mainTable(),
    referenceDir,
    region,
    campaignId: CAMPAIGN,
    seed: 26,
    today: '2026-11-01',
    inFlight,
  };
  const share = Math.ceil(persons / seeders);
  const parts = await Promise.all(
    Array.from({ length: seeders }, (_, i) => runSeedChild({ ...base, from: i * share, to: Math.min(persons, (i + 1) * share) })),
  );
  const written = parts.reduce((a, b) => a + b.written, 0);
  if (written !== persons) throw new Error(`seeded ${written} persons of ${persons}`);
  // The children's own clocks: tsx start-up and module loading are not the store's rate.
  return rate(written, Math.max(...parts.map((p) => p.ms)));
}

/** Peak RSS of this process (stack, emulators, handlers) while `work` runs, sampled every 200 ms. */
async function sampledPeakRss<T>(work: () => Promise<T>): Promise<{ result: T; peak: number }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 200);
  try {
    const result = await work();
    return { result, peak: Math.max(peak, process.memoryUsage.rss()) };
  } finally {
    clearInterval(timer);
  }
}

interface StageProgress {
  mos: number;
  formed: number;
  empty: number;
  pending: number;
  failed: number;
  done: number;
  failures: Array<{ mo: string; error?: string; attempts: number }>;
}

async function keysUnder(s3: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const out = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    keys.push(...(out.Contents ?? []).map((o) => o.Key!));
    token = out.NextContinuationToken;
  } while (token);
  return keys;
}

async function bodyOf(s3: S3Client, bucket: string, key: string): Promise<Readable> {
  return (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body as Readable;
}

/**
 * Throws unless the region is really formed: every MO done and none failed, each MO's row count
 * equal to its seeded persons (so rows sum to persons), one XLSX per formed MO under `RR/mo/`, and
 * the first MO's XLSX and JSONL copy holding exactly its rows.
 */
export async function verifyFormed(stack: LocalStack, api: Api, region: string, codes: readonly string[], persons: number, progress: StageProgress): Promise<{ formed: number; rows: number }> {
  const expectedFormed = Math.min(persons, codes.length);
  const want = { mos: codes.length, done: codes.length, failed: 0, pending: 0, formed: expectedFormed };
  for (const [k, v] of Object.entries(want)) {
    if (progress[k as keyof typeof want] !== v) throw new Error(`stage progress ${k} = ${progress[k as keyof typeof want]}, expected ${v}: ${JSON.stringify(progress)}`);
  }
  const list = await api('GET', `${stagePath(region)}/mos`);
  const files = list.body.mos as Array<{ mo: string; status: string; rows: number | null }>;
  const expected = new Map(codes.map((mo, i) => [mo, personsOfMo(persons, codes.length, i)]));
  let rows = 0;
  for (const f of files) {
    if ((f.rows ?? 0) !== expected.get(f.mo)) throw new Error(`MO ${f.mo}: ${f.rows} rows formed, ${expected.get(f.mo)} persons seeded`);
    rows += f.rows ?? 0;
  }
  if (files.length !== codes.length || rows !== persons) throw new Error(`formed ${rows} rows over ${files.length} MOs, expected ${persons} over ${codes.length}`);

  const s3 = new S3Client({ endpoint: stack.endpoints.s3.endpoint, forcePathStyle: true, region: stack.endpoints.region, credentials: stack.endpoints.credentials });
  try {
    const { outbox, work } = stack.endpoints.s3.buckets as { outbox: string; work: string };
    const xlsx = (await keysUnder(s3, outbox, `${region}/mo/`)).filter((k) => k.endsWith('.xlsx'));
    if (xlsx.length !== expectedFormed) throw new Error(`${xlsx.length} XLSX objects under ${region}/mo/, expected ${expectedFormed}`);
    const mo = codes[0]!;
    const key = xlsx.find((k) => k.startsWith(`${region}/mo/${mo}/abonent/`));
    if (!key) throw new Error(`no XLSX of MO ${mo}`);
    let sheetRows = -1; // the header
    for await (const _ of readXlsxRows(await bodyOf(s3, outbox, key))) sheetRows++;
    const copy = (await keysUnder(s3, work, `abonent/${CAMPAIGN}/${region}/${BATCH}/${mo}/`)).find((k) => k.endsWith('.rows.jsonl'));
    if (!copy) throw new Error(`no JSONL copy of MO ${mo}`);
    let lines = 0;
    for await (const chunk of await bodyOf(s3, work, copy)) for (const byte of chunk as Buffer) if (byte === 10) lines++;
    if (sheetRows !== expected.get(mo) || lines !== expected.get(mo)) throw new Error(`MO ${mo}: XLSX ${sheetRows} rows, JSONL ${lines} lines, expected ${expected.get(mo)}`);
  } finally {
    s3.destroy();
  }
  return { formed: expectedFormed, rows };
}

type Api = (method: string, path: string) => Promise<{ status: number; body: any }>;

const stagePath = (region: string): string => `/v1/campaigns/${CAMPAIGN}/regions/${region}/batches/${BATCH}`;

function apiOf(stack: LocalStack, dataDir: string, region: string): Api {
  let token: Promise<string> | undefined;
  return async (method, path) => {
    token ??= demoToken({ org: region }, dataDir); // the region's TFOMS
    const res = await fetch(`${stack.endpoints.api.url}${path}`, { method, headers: { authorization: `Bearer ${await token}` } });
    return { status: res.status, body: await res.json() };
  };
}

/** Every MO's list read page by page in one stream, nothing written: the dynalite share. */
async function queryOnlyRate(codes: readonly string[]): Promise<number> {
  const t = performance.now();
  let rows = 0;
  for (const mo of codes) for (const group of [1, 2]) for await (const page of moListOf(CAMPAIGN, mo, group)) rows += page.length;
  return rate(rows, performance.now() - t);
}

export async function benchForming(opts: FormingBenchOptions = {}): Promise<BenchResult[]> {
  const persons = opts.persons ?? 1_000_000;
  const mos = opts.mos ?? 220;
  const region = opts.region ?? '77';
  const log = opts.log ?? ((msg: string) => process.stderr.write(`[forming] ${msg}\n`));
  const dir = mkdtempSync(join(tmpdir(), 'omsflow-forming-'));
  const dataDir = join(dir, 'stack');
  const referenceDir = join(dir, 'reference');
  const savedEnv = { ref: process.env[REFERENCE_DIR_ENV], logLevel: process.env.POWERTOOLS_LOG_LEVEL };
  let stack: LocalStack | undefined;
  try {
    const codes = buildReferenceDir(referenceDir, region, mos);
    // Handlers run in this process and read НСИ from the environment (loadReferenceData).
    process.env[REFERENCE_DIR_ENV] = referenceDir;
    // Handler logs go to stdout, which carries the results; a failure is reported by the stage.
    process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';

    const baseline = await baselineRate(persons, codes.length, opts.baselineRows ?? 100_000);
    log(`baseline writeAbonentWorkbook: ${baseline.rate} rows/s over ${baseline.rows} rows`);

    stack = await startLocalStack({
      dataDir,
      ports: { dynamodb: 0, s3: 0, sqs: 0, api: 0 },
      schedules: false,
      endpointsFile: null,
      concurrency: opts.concurrency,
      log: () => undefined,
    });
    log(`seeding ${persons} persons over ${codes.length} MOs of region ${region}…`);
    const seedRate = await seed(stack, referenceDir, region, persons, opts.seeders ?? 1, opts.seedInFlight ?? 16);
    log(`seeded at ${seedRate} items/s`);

    const api = apiOf(stack, dataDir, region);
    await api('GET', stagePath(region)); // token, user and API function loaded before the clock
    const rssBefore = process.memoryUsage.rss();
    const profiler = opts.cpuProfile ? await startCpuProfile() : undefined;
    const run = await sampledPeakRss(async () => {
      const t = performance.now();
      const started = await api('POST', `${stagePath(region)}/forming`);
      if (started.status !== 202) throw new Error(`POST forming: ${started.status} ${JSON.stringify(started.body)}`);
      await stack!.waitForIdle({ timeoutMs: 120_000 + persons * 3, intervalMs: 100 });
      const stage = await api('GET', stagePath(region));
      return { ms: performance.now() - t, progress: stage.body.progress as StageProgress };
    });
    if (profiler) await profiler.stop(opts.cpuProfile!);
    const { ms, progress } = run.result;
    log(`formed in ${round2(ms / 1000)} s; verifying…`);
    const formed = await verifyFormed(stack, api, region, codes, persons, progress);

    const rowsPerS = rate(formed.rows, ms);
    const baselineSeconds = formed.rows / baseline.rate;
    const results: BenchResult[] = [
      // ratio = seconds / the writer-alone seconds for the same rows: the overhead factor.
      { name: 'forming.region_seconds', value: round2(ms / 1000), unit: 's', baseline: round2(baselineSeconds), ratio: round2(ms / 1000 / baselineSeconds) },
      // ratio = forming rows/s ÷ writer-alone rows/s (< 1: the share lost to DynamoDB queries, S3, queues).
      { name: 'forming.rows_per_s', value: rowsPerS, unit: 'rows/s', baseline: baseline.rate, ratio: round2(rowsPerS / baseline.rate) },
      { name: 'forming.persons', value: persons, unit: 'persons' },
      { name: 'forming.mos', value: codes.length, unit: 'MOs' },
      { name: 'forming.files', value: formed.formed, unit: 'files' },
      { name: `forming.baseline_write.rows_per_s_${sizeLabel(baseline.rows)}`, value: baseline.rate, unit: 'rows/s' },
      { name: 'forming.seed.items_per_s', value: seedRate, unit: 'items/s' },
      // ratio = peak while forming ÷ RSS just before it (the stack with the seeded data loaded).
      { name: 'forming.peak_rss_mb', value: mb(run.peak), unit: 'MB', baseline: mb(rssBefore), ratio: round2(run.peak / rssBefore) },
    ];
    if (opts.profile) {
      const queryRate = await queryOnlyRate(codes);
      results.push({ name: 'forming.query_only.rows_per_s', value: queryRate, unit: 'rows/s', baseline: baseline.rate, ratio: round2(queryRate / baseline.rate) });
    }
    return results;
  } finally {
    await stack?.stop();
    restore(REFERENCE_DIR_ENV, savedEnv.ref);
    restore('POWERTOOLS_LOG_LEVEL', savedEnv.logLevel);
    if (opts.keep) log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

/** The in-process inspector's sampling profiler (handlers and emulators share this process). */
export async function startCpuProfile(): Promise<{ stop(file: string): Promise<void> }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    async stop(file) {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
