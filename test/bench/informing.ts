/**
 * Informing benchmark (stage 4, batch 12): seconds to form every registered SMO's informing file
 * of a whole demo region — ≥ 1 M persons by default, all planned in the approved registry — on the
 * local stack (dynalite, s3rver, fauxqs, handlers in-process as `npm start` runs them).
 *
 * Timed: from the TFOMS's POST …/informing until waitForIdle returns and the progress GET reports
 * every SMO formed (rows adding up to the persons); then a second command with nothing changed
 * (each SMO compares the registry with its last version and publishes nothing). Not timed: the
 * reference copy, starting the stack, seeding (two items per person: the group decision with the
 * card and the registry entry; its rate is printed), verification. Sizes: INFORMING_BENCH_PERSONS
 * (default 1 000 000), INFORMING_BENCH_MOS (default 220); region 77 has five SMOs.
 *
 * (The SMO informing *results* bench is test/bench/informing-results.ts.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import { demoToken } from '../../infra/local/demo-users.js';
import { startLocalStack, type LocalStack } from '../../infra/local/stack.js';
import { mainTable } from '../../shared/adapters/store/dynamo.js';
import { saveRegisteredSmo } from '../../shared/adapters/store/smo-registry.js';
import { saveStage } from '../../shared/adapters/store/stages.js';
import { Cp1251CsvWriter, InformingWorkbookWriter, JsonLinesWriter } from '../../shared/informing/writer.js';
import { csvFields } from '../../shared/informing/files.js';
import { loadReferenceData, REFERENCE_DIR_ENV } from '../../shared/reference/load.js';
import { UploadLikeSink, sizeLabel } from './abonent.js';
import { buildReferenceDir, runSeedChild, type SeedJob } from './forming-data.js';
import { BATCH, informingRows } from './informing-data.js';
import { envInt, type BenchResult } from './types.js';

const CAMPAIGN = 'ud-2026';

export interface InformingBenchOptions {
  /** Persons of the region, all planned in batch 12; default 1 000 000. */
  persons?: number;
  /** MOs of the region (the shipped ones plus synthetic codes); default 220. */
  mos?: number;
  /** Region code; default 77 (five demo SMOs). */
  region?: string;
  /** Concurrent invocations per function, as `npm start`'s default; default 2. */
  concurrency?: number;
  /** Seeding child processes and BatchWrite calls in flight per child; defaults 1 and 16. */
  seeders?: number;
  seedInFlight?: number;
  /** Rows of the writers-alone baseline; default 100 000. */
  baselineRows?: number;
  keep?: boolean;
  log?: (msg: string) => void;
}

export function informingOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): InformingBenchOptions {
  const num = (name: string) => envInt(env, name);
  return {
    persons: num('INFORMING_BENCH_PERSONS'),
    mos: num('INFORMING_BENCH_MOS'),
    concurrency: num('INFORMING_BENCH_CONCURRENCY'),
    seeders: num('INFORMING_BENCH_SEEDERS'),
    baselineRows: num('INFORMING_BENCH_BASELINE_ROWS'),
    keep: env.INFORMING_BENCH_KEEP === '1',
  };
}

const rate = (rows: number, ms: number): number => Math.round((rows / ms) * 1000);
const round2 = (x: number): number => Math.round(x * 100) / 100;
const mb = (bytes: number): number => round2(bytes / 1024 / 1024);

/**
 * The writers alone, in this process, no emulators: every row to the XLSX, the windows-1251 CSV
 * and the JSON lines kept for the next version, each into an upload-like sink (what a worker does
 * per row, without DynamoDB and S3).
 */
export async function baselineRate(rows: number): Promise<number> {
  const write = async (count: number) => {
    const sinks = { xlsx: new UploadLikeSink(), csv: new UploadLikeSink(), rows: new UploadLikeSink() };
    const book = new InformingWorkbookWriter(sinks.xlsx, { smo: '77008', batch: BATCH, version: 1 });
    const csv = new Cp1251CsvWriter(sinks.csv);
    const lines = new JsonLinesWriter(sinks.rows);
    const finished = new Promise((resolve) => sinks.xlsx.on('finish', resolve));
    for (const row of informingRows(count)) {
      await book.add(row, 'ГБУЗ "Городская поликлиника № 2 ДЗМ"');
      await csv.row(csvFields(book.rows, row, 'ГБУЗ "Городская поликлиника № 2 ДЗМ"'));
      await lines.write(row);
    }
    const meta = { fileId: 'inf-bench', smo: '77008', smoName: 'СМО', region: '77', campaignId: CAMPAIGN, campaignName: '', batch: BATCH, groups: 'группы 1–2', version: 1, formedAt: new Date().toISOString() };
    await book.finish(meta, undefined);
    await csv.end();
    await lines.end();
    await finished;
  };
  await write(Math.min(rows, 5000)); // warm-up
  const t = performance.now();
  await write(rows);
  return rate(rows, performance.now() - t);
}

/** Seeds persons [0, persons) (two items each); returns items/s. */
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
    withPlans: true,
  };
  const share = Math.ceil(persons / seeders);
  const parts = await Promise.all(Array.from({ length: seeders }, (_, i) => runSeedChild({ ...base, from: i * share, to: Math.min(persons, (i + 1) * share) })));
  const written = parts.reduce((a, b) => a + b.written, 0);
  if (written !== persons) throw new Error(`seeded ${written} persons of ${persons}`);
  return rate(written * 2, Math.max(...parts.map((p) => p.ms)));
}

/** The approved registry and the region's SMOs registered (what stages 2–3 and 4.1 leave behind). */
async function prepareRegion(region: string): Promise<string[]> {
  const at = '2026-12-07T05:00:00.000Z';
  const by = { by: 'bench', org: region };
  const saved = await saveStage({ campaignId: CAMPAIGN, region, batch: BATCH, state: 'APPROVED', version: 1, mos: 0, history: [{ at, action: 'approve', from: 'REGISTRY_OPEN', to: 'APPROVED', ...by }], updatedAt: at });
  if (!saved) throw new Error('stage already exists');
  const smos = [...loadReferenceData().smos.values()].filter((s) => s.region === region);
  for (const s of smos) {
    await saveRegisteredSmo({ region, code: s.code, name: s.name, contacts: {}, state: 'ACTIVE', registeredAt: at, activeSince: at, version: 1, history: [{ at, action: 'register', ...by }], updatedAt: at });
  }
  return smos.map((s) => s.code).sort();
}

type Api = (method: string, path: string) => Promise<{ status: number; body: any }>;

function apiOf(stack: LocalStack, dataDir: string, region: string): Api {
  let token: Promise<string> | undefined;
  return async (method, path) => {
    token ??= demoToken({ org: region }, dataDir);
    const res = await fetch(`${stack.endpoints.api.url}${path}`, { method, headers: { authorization: `Bearer ${await token}` } });
    return { status: res.status, body: await res.json() };
  };
}

const informingPath = (region: string): string => `/v1/campaigns/${CAMPAIGN}/regions/${region}/batches/${BATCH}/informing`;

interface Progress {
  smos: number;
  formed: number;
  unchanged: number;
  done: number;
  failed: number;
  failures: unknown[];
}

/**
 * Throws unless every SMO is done with the expected status and no failure, rows add up to the
 * persons, and the outbox holds one XLSX and one CSV per SMO with the first SMO's CSV holding
 * exactly its rows (plus the header).
 */
export async function verifyInforming(
  stack: LocalStack,
  view: { progress: Progress; smos: Array<{ smo: string; status: string; rows: number | null; version: number }> },
  smos: readonly string[],
  persons: number,
  status: 'FORMED' | 'UNCHANGED',
): Promise<number> {
  const p = view.progress;
  if (p.smos !== smos.length || p.done !== smos.length || p.failed !== 0 || p[status === 'FORMED' ? 'formed' : 'unchanged'] !== smos.length) {
    throw new Error(`informing progress: ${JSON.stringify(p)}, expected ${smos.length} SMOs ${status}`);
  }
  const rows = view.smos.reduce((a, s) => a + (s.rows ?? 0), 0);
  if (rows !== persons || view.smos.some((s) => s.version !== 1)) throw new Error(`informing files hold ${rows} rows (versions ${view.smos.map((s) => s.version)}), expected ${persons} in version 1`);
  const s3 = new S3Client({ endpoint: stack.endpoints.s3.endpoint, forcePathStyle: true, region: stack.endpoints.region, credentials: stack.endpoints.credentials });
  try {
    const outbox = stack.endpoints.s3.buckets.outbox;
    const region = smos[0]!.slice(0, 2);
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: outbox, Prefix: `${region}/smo/` }));
    const keys = (listed.Contents ?? []).map((o) => o.Key!);
    if (keys.length !== smos.length * 2) throw new Error(`${keys.length} objects under ${region}/smo/, expected ${smos.length * 2}`);
    const first = view.smos.find((s) => s.smo === smos[0])!;
    const csvKey = keys.find((k) => k.startsWith(`${region}/smo/${first.smo}/`) && k.endsWith('.csv'))!;
    let lines = 0;
    for await (const chunk of (await s3.send(new GetObjectCommand({ Bucket: outbox, Key: csvKey }))).Body as Readable) for (const byte of chunk as Buffer) if (byte === 10) lines++;
    if (lines !== (first.rows ?? 0) + 1) throw new Error(`SMO ${first.smo}: CSV ${lines} lines, expected ${(first.rows ?? 0) + 1}`);
  } finally {
    s3.destroy();
  }
  return rows;
}

/**
 * Peak RSS of this process (stack, emulators, handlers) while `work` runs, and peak JS heap plus
 * buffers: RSS also counts the emulators' data (dynalite's store grows with what is read).
 */
async function sampledPeaks<T>(work: () => Promise<T>): Promise<{ result: T; peak: number; heap: number }> {
  const heapNow = () => {
    const m = process.memoryUsage();
    return m.heapUsed + m.external;
  };
  let peak = process.memoryUsage.rss();
  let heap = heapNow();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
    heap = Math.max(heap, heapNow());
  }, 200);
  try {
    const result = await work();
    return { result, peak: Math.max(peak, process.memoryUsage.rss()), heap: Math.max(heap, heapNow()) };
  } finally {
    clearInterval(timer);
  }
}

export async function benchInforming(opts: InformingBenchOptions = {}): Promise<BenchResult[]> {
  const persons = opts.persons ?? 1_000_000;
  const mos = opts.mos ?? 220;
  const region = opts.region ?? '77';
  const log = opts.log ?? ((msg: string) => process.stderr.write(`[informing] ${msg}\n`));
  const dir = mkdtempSync(join(tmpdir(), 'omsflow-informing-'));
  const referenceDir = join(dir, 'reference');
  const savedEnv = { ref: process.env[REFERENCE_DIR_ENV], logLevel: process.env.POWERTOOLS_LOG_LEVEL };
  let stack: LocalStack | undefined;
  try {
    buildReferenceDir(referenceDir, region, mos);
    process.env[REFERENCE_DIR_ENV] = referenceDir;
    // Handler logs go to stdout, which carries the results (run.ts sets this before any import).
    process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';

    const baselineRows = Math.min(persons, opts.baselineRows ?? 100_000);
    const baseline = await baselineRate(baselineRows);
    log(`baseline writers: ${baseline} rows/s over ${baselineRows} rows`);

    stack = await startLocalStack({ dataDir: join(dir, 'stack'), ports: { dynamodb: 0, s3: 0, sqs: 0, api: 0 }, schedules: false, endpointsFile: null, concurrency: opts.concurrency, log: () => undefined });
    log(`seeding ${persons} persons (decisions and registry entries) of region ${region}…`);
    const seedRate = await seed(stack, referenceDir, region, persons, opts.seeders ?? 1, opts.seedInFlight ?? 16);
    log(`seeded at ${seedRate} items/s`);
    const smos = await prepareRegion(region);

    const api = apiOf(stack, join(dir, 'stack'), region);
    await api('GET', informingPath(region)); // token, user and API function loaded before the clock
    const rssBefore = process.memoryUsage.rss();
    const heapBefore = process.memoryUsage().heapUsed + process.memoryUsage().external;
    const timed = async (status: 'FORMED' | 'UNCHANGED') => {
      const t = performance.now();
      const started = await api('POST', informingPath(region));
      if (started.status !== 202) throw new Error(`POST informing: ${started.status} ${JSON.stringify(started.body)}`);
      await stack!.waitForIdle({ timeoutMs: 120_000 + persons * 3, intervalMs: 100 });
      const view = (await api('GET', informingPath(region))).body;
      const ms = performance.now() - t;
      return { ms, rows: await verifyInforming(stack!, view, smos, persons, status) };
    };
    const run = await sampledPeaks(() => timed('FORMED'));
    log(`formed in ${round2(run.result.ms / 1000)} s`);
    const recheck = await timed('UNCHANGED');
    log(`re-checked (nothing changed) in ${round2(recheck.ms / 1000)} s`);

    const seconds = run.result.ms / 1000;
    const baselineSeconds = persons / baseline;
    const rowsPerS = rate(run.result.rows, run.result.ms);
    return [
      // ratio = seconds / the writers-alone seconds for the same rows: the overhead factor.
      { name: 'informing.region_seconds', value: round2(seconds), unit: 's', baseline: round2(baselineSeconds), ratio: round2(seconds / baselineSeconds) },
      { name: 'informing.rows_per_s', value: rowsPerS, unit: 'rows/s', baseline, ratio: round2(rowsPerS / baseline) },
      // ratio = the unchanged re-check ÷ the forming: what a run without changes costs.
      { name: 'informing.recheck_seconds', value: round2(recheck.ms / 1000), unit: 's', baseline: round2(seconds), ratio: round2(recheck.ms / 1000 / seconds) },
      { name: 'informing.persons', value: persons, unit: 'persons' },
      { name: 'informing.smos', value: smos.length, unit: 'files' },
      { name: `informing.baseline_write.rows_per_s_${sizeLabel(baselineRows)}`, value: baseline, unit: 'rows/s' },
      { name: 'informing.seed.items_per_s', value: seedRate, unit: 'items/s' },
      // ratio = peak while forming ÷ just before it (the stack with the seeded data loaded).
      { name: 'informing.peak_rss_mb', value: mb(run.peak), unit: 'MB', baseline: mb(rssBefore), ratio: round2(run.peak / rssBefore) },
      { name: 'informing.peak_heap_mb', value: mb(run.heap), unit: 'MB', baseline: mb(heapBefore), ratio: round2(run.heap / heapBefore) },
    ];
  } finally {
    await stack?.stop();
    restore(REFERENCE_DIR_ENV, savedEnv.ref);
    restore('POWERTOOLS_LOG_LEVEL', savedEnv.logLevel);
    if (opts.keep) log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
