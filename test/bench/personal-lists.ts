/**
 * Personal-data lists under load: the audited lists — a region's exclusions (TFOMS, stage 1.6)
 * and an SMO's persons not yet informed (stage 4) — answering `concurrency` requests at a time on
 * the local stack as `npm start` runs it (loopback only, handlers in-process), against `GET /v1/me`
 * under the same load in the same run: the same token check, user lookup and API function, no list.
 * Each route gets `requests` calls (a page of 100 persons each); p50/p95 latency in ms.
 *
 * The calls come from a child process, as an outside client's would. Not timed: starting the stack,
 * seeding (another child), a warm-up call per route. Checked: every answer 200 with a full page of
 * named persons, and one audit record per list call. Sizes:
 * LISTS_BENCH_PERSONS (default 4 000: half excluded, half in the SMO's registry), _REQUESTS (200),
 * _CONCURRENCY (50).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { demoToken } from '../../infra/local/demo-users.js';
import { startLocalStack, type LocalStack } from '../../infra/local/stack.js';
import { dynamoClient } from '../../shared/adapters/clients.js';
import { mainTable } from '../../shared/adapters/store/dynamo.js';
import { resolveReferenceDir } from '../../shared/reference/load.js';
import { startCpuProfile } from './forming.js';
import { runSeedChild } from './forming-data.js';
import { runJsonChild } from './child.js';
import { quantile, type LoadJob, type LoadTarget } from './personal-lists-load.js';
import { envInt, type BenchResult } from './types.js';

const CAMPAIGN = 'ud-2026';
const REGION = '77';
const SMO = '77008';
/** The whole run, seeding included, is refused past this: a bench must end. */
const DEADLINE_MS = 10 * 60_000;

export interface ListsBenchOptions {
  persons?: number;
  requests?: number;
  concurrency?: number;
  /** Write CPU profiles of this process (stack, emulators, handlers) over each route's calls: `<prefix>.<route>.cpuprofile`. */
  cpuProfile?: string;
  /** Progress lines (stderr by default; stdout carries the JSON results). */
  log?: (msg: string) => void;
}

export function listsOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): ListsBenchOptions {
  const num = (name: string) => envInt(env, name);
  return { persons: num('LISTS_BENCH_PERSONS'), requests: num('LISTS_BENCH_REQUESTS'), concurrency: num('LISTS_BENCH_CONCURRENCY'), cpuProfile: env.LISTS_BENCH_CPU_PROFILE || undefined };
}

async function auditCount(org: string): Promise<number> {
  let count = 0;
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const out = await dynamoClient().send(
      new QueryCommand({ TableName: mainTable(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `AUDIT#${org}` }, Select: 'COUNT', ExclusiveStartKey }),
    );
    count += out.Count ?? 0;
    ExclusiveStartKey = out.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return count;
}

const round = (x: number): number => Math.round(x * 10) / 10;
const round2 = (x: number): number => Math.round(x * 100) / 100;

export async function benchLists(opts: ListsBenchOptions = {}): Promise<BenchResult[]> {
  const persons = opts.persons ?? 4000;
  const requests = opts.requests ?? 200;
  const concurrency = opts.concurrency ?? 50;
  if (persons < 200) throw new Error('LISTS_BENCH_PERSONS: at least 200 (a full page of 100 on each list)');
  const log = opts.log ?? ((msg: string) => process.stderr.write(`[lists] ${msg}\n`));
  const deadline = Date.now() + DEADLINE_MS;
  const dir = mkdtempSync(join(tmpdir(), 'omsflow-lists-'));
  const savedLogLevel = process.env.POWERTOOLS_LOG_LEVEL;
  let stack: LocalStack | undefined;
  try {
    // Handler logs go to stdout, which carries the results.
    process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
    stack = await startLocalStack({ dataDir: dir, ports: { dynamodb: 0, s3: 0, sqs: 0, api: 0 }, schedules: false, endpointsFile: null, log: () => undefined });
    log(`seeding ${persons} persons of region ${REGION}…`);
    const seeded = await runSeedChild({
      endpoint: stack.endpoints.dynamodb.endpoint,
      awsRegion: stack.endpoints.region,
      credentials: stack.endpoints.credentials,
      table: mainTable(),
      referenceDir: resolveReferenceDir(),
      region: REGION,
      campaignId: CAMPAIGN,
      seed: 11,
      today: '2026-11-01',
      from: 0,
      to: persons,
      inFlight: 16,
      listsSmo: SMO,
    });
    if (seeded.written !== persons) throw new Error(`seeded ${seeded.written} persons of ${persons}`);

    const tfoms = await demoToken({ org: REGION }, dir);
    const smo = await demoToken({ org: SMO }, dir);
    const targets: LoadTarget[] = [
      { name: 'me', path: '/v1/me', token: tfoms },
      { name: 'exclusions', path: `/v1/campaigns/${CAMPAIGN}/regions/${REGION}/exclusions`, token: tfoms, persons: 100 },
      { name: 'not_informed', path: `/v1/orgs/${SMO}/informing-targets/${CAMPAIGN}/not-informed?batch=12&limit=100`, token: smo, persons: 100 },
    ];
    const auditBefore = { tfoms: await auditCount(REGION), smo: await auditCount(SMO) };
    const measured = new Map<string, { latencies: number[]; cpuMs: number }>();
    for (const target of targets) {
      log(`${target.name}: ${requests} requests, ${concurrency} at a time, from a client process…`);
      const profiler = opts.cpuProfile ? await startCpuProfile() : undefined;
      const cpu = process.cpuUsage();
      const job: LoadJob = { apiUrl: stack.endpoints.api.url, target, requests, concurrency, deadline };
      const latencies = await runJsonChild<number[]>('personal-lists-child.ts', [JSON.stringify(job)]);
      const used = process.cpuUsage(cpu);
      await profiler?.stop(`${opts.cpuProfile}.${target.name}.cpuprofile`);
      // This process is the whole server side (HTTP API, handlers, dynalite); the +1 is the warm-up call.
      measured.set(target.name, { latencies, cpuMs: (used.user + used.system) / 1000 / (requests + 1) });
    }
    // The warm-up call of each list is audited too.
    const audited = { tfoms: (await auditCount(REGION)) - auditBefore.tfoms, smo: (await auditCount(SMO)) - auditBefore.smo };
    if (audited.tfoms !== requests + 1 || audited.smo !== requests + 1) throw new Error(`audit records: ${JSON.stringify(audited)}, expected ${requests + 1} each`);

    const me = measured.get('me')!;
    const base = { p50: quantile(me.latencies, 0.5), p95: quantile(me.latencies, 0.95) };
    const results: BenchResult[] = [];
    for (const name of ['exclusions', 'not_informed']) {
      const { latencies, cpuMs } = measured.get(name)!;
      for (const q of ['p50', 'p95'] as const) {
        const value = quantile(latencies, q === 'p50' ? 0.5 : 0.95);
        // ratio = the list's latency ÷ GET /v1/me's under the same load: what the list itself costs.
        results.push({ name: `lists.${name}.${q}_ms_c${concurrency}`, value: round(value), unit: 'ms', baseline: round(base[q]), ratio: round2(value / base[q]) });
      }
      // Server CPU per call: unlike latency, not inflated by other processes on the machine.
      results.push({ name: `lists.${name}.server_cpu_ms_per_call`, value: round2(cpuMs), unit: 'ms', baseline: round2(me.cpuMs), ratio: round2(cpuMs / me.cpuMs) });
    }
    results.push(
      { name: `lists.me.p50_ms_c${concurrency}`, value: round(base.p50), unit: 'ms' },
      { name: `lists.me.p95_ms_c${concurrency}`, value: round(base.p95), unit: 'ms' },
      { name: 'lists.me.server_cpu_ms_per_call', value: round2(me.cpuMs), unit: 'ms' },
    );
    return results;
  } finally {
    await stack?.stop();
    if (savedLogLevel === undefined) delete process.env.POWERTOOLS_LOG_LEVEL;
    else process.env.POWERTOOLS_LOG_LEVEL = savedLogLevel;
    rmSync(dir, { recursive: true, force: true });
  }
}
