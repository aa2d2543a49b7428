import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { FUNCTIONS, QUEUES } from '../../functions/catalog.js';
import { resetClients } from '../../shared/adapters/clients.js';
import { BUCKETS, TABLE_SCHEMAS, TABLES, type FunctionDecl, type QueueDecl } from '../../shared/runtime/declarations.js';
import { localCursorSecret } from './cursor-secret.js';
import { closeServer, startEmulators, type Emulators } from './emulators.js';
import {
  buildEndpoints,
  DEFAULT_ENDPOINTS_FILE,
  handlerProcessEnv,
  LOCAL_CREDENTIALS,
  REPO_ROOT,
  writeEndpoints,
  type LocalEndpoints,
} from './endpoints.js';
import { createApiServer, type ApiRouteBinding } from './http-api.js';
import { Invoker } from './invoker.js';
import { ensureDemoUser } from './demo-users.js';
import { jwks, mintToken, openIdConfiguration, recordIssuerUrl } from './issuer.js';
import { localPages } from './local-pages.js';
import { createLogin } from './oidc-login.js';
import { createJwtAuthorizer, type JwtAuthorizer } from './jwt-authorizer.js';
import { AUDIENCE, bucketName, dlqId, queueName, REGION, tableName } from './naming.js';
import { ensureQueue, ensureTable, type ProvisionedQueue } from './provision.js';
import { S3Notifier } from './s3-notify.js';
import { Scheduler } from './scheduler.js';
import { restoreQueuedMessages, saveQueuedMessages } from './sqs-snapshot.js';
import { SqsPoller } from './sqs-poller.js';

/**
 * `npm start`: the same Lambda handlers as in AWS, wired to local emulators exactly as the catalog
 * declares — S3 notifications to SQS, SQS event source mappings, schedules and the HTTP API with
 * its JWT authorizer.
 */

export interface LocalStackPorts {
  dynamodb: number;
  s3: number;
  sqs: number;
  api: number;
}

/** The catalog's watchdog: its nudge is what the start-up redrive reuses. */
const WATCHDOG_ID = 'ingest-watchdog';

export const DEFAULT_PORTS: LocalStackPorts = { dynamodb: 4567, s3: 4568, sqs: 4566, api: 3000 };

export interface LocalStackOptions {
  dataDir: string;
  /** 0 = ephemeral. Defaults: DEFAULT_PORTS. */
  ports?: Partial<LocalStackPorts>;
  /** Local retry delay of failed messages and the queues' VisibilityTimeout (AWS: 30–90 min). Default 5. */
  visibilityTimeoutSeconds?: number;
  /** Pause after a failed receive and between schedule checks. Default 1000. */
  pollIntervalMs?: number;
  /** Long-poll wait of the pollers, seconds. Default 1 (short, so stop() is quick). */
  waitTimeSeconds?: number;
  log?: (msg: string) => void;
  functions?: FunctionDecl[];
  queues?: readonly QueueDecl[];
  /** Run schedule triggers. Default true. */
  schedules?: boolean;
  /** Clock of the schedules (tests inject one). */
  now?: () => Date;
  /** Concurrent invocations per function. Default 2. */
  concurrency?: number;
  /** Where to write endpoints.json; null = don't. Default `<repo>/.local/endpoints.json`. */
  endpointsFile?: string | null;
  /** Root the functions' `entry` paths are relative to. Default: the repository. */
  repoRoot?: string;
  /** The built web console (web/dist) to serve at the API's root; none when unset. */
  consoleDir?: string;
  /** Lifetime of tokens the issuer's sign-in hands out. Default 3600 s. */
  tokenTtlSeconds?: number;
  /**
   * After a start on an existing data folder without saved messages (the last run crashed), re-send the missing
   * step of every unfinished file (the watchdog's nudge, not counted against its cap). Default true;
   * only with the catalog's ingest-watchdog among `functions`.
   */
  redriveOnStart?: boolean;
}

export interface LocalStack {
  endpoints: LocalEndpoints;
  /** The OMS_* variables (also set in process.env, with region and dummy credentials). */
  env: Record<string, string>;
  /** Calls a handler directly with a fake Lambda context. */
  invoke(functionId: string, event: unknown): Promise<unknown>;
  /**
   * Resolves when no queue (DLQs aside) holds visible, delayed or in-flight messages, no handler
   * runs and no S3 notification is pending — twice in a row.
   */
  waitForIdle(opts?: { timeoutMs?: number; intervalMs?: number }): Promise<void>;
  /** Fires due schedules now (with the injected clock). */
  tickSchedules(): void;
  /** The S3 notification last sent to a queue for an object, as S3 would redeliver it. */
  lastS3Notification(queue: string, bucket: string, key: string): unknown;
  /** Stops pollers and schedules, waits for running invocations, saves queued messages, closes servers. */
  stop(): Promise<void>;
}

export async function startLocalStack(opts: LocalStackOptions): Promise<LocalStack> {
  const log = opts.log ?? ((msg: string) => console.log(`[local] ${msg}`));
  const ports = { ...DEFAULT_PORTS, ...opts.ports };
  const functions = opts.functions ?? FUNCTIONS;
  const queues = opts.queues ?? QUEUES;
  const visibility = opts.visibilityTimeoutSeconds ?? 5;
  const pollIntervalMs = opts.pollIntervalMs ?? 1000;
  const snapshotFile = join(opts.dataDir, 'sqs', 'queued-messages.json');
  checkDeclarations(functions, queues);
  // A fresh data folder has no file to recover (test stacks start one each: no pass, no log line).
  const reopened = existsSync(join(opts.dataDir, 'dynamodb'));

  const emulators = await startEmulators({ dataDir: opts.dataDir, ports, bucketNames: BUCKETS.map(bucketName) });
  const clientConfig = { region: REGION, credentials: LOCAL_CREDENTIALS };
  const ddb = new DynamoDBClient({ ...clientConfig, endpoint: emulators.endpoints.dynamodb });
  const s3 = new S3Client({ ...clientConfig, endpoint: emulators.endpoints.s3, forcePathStyle: true });
  const sqs = new SQSClient({ ...clientConfig, endpoint: emulators.endpoints.sqs });
  let api: Server | undefined;

  try {
    for (const t of TABLES) await ensureTable(ddb, tableName(t), TABLE_SCHEMAS[t]);
    const provisioned: Array<{ queue: ProvisionedQueue; dlq: ProvisionedQueue }> = [];
    for (const q of queues) provisioned.push(await ensureQueue(sqs, q, visibility));
    const urlByQueueId = new Map(provisioned.flatMap(({ queue, dlq }) => [[queue.id, queue.url] as const, [dlq.id, dlq.url] as const]));
    const urlByName = new Map(provisioned.flatMap(({ queue, dlq }) => [[queue.name, queue.url] as const, [dlq.name, dlq.url] as const]));
    const restored = await restoreQueuedMessages(sqs, urlByName, snapshotFile);
    if (restored) log(`restored ${restored} message(s) queued at the last stop`);

    const invoker = new Invoker({ repoRoot: opts.repoRoot ?? REPO_ROOT, functions, concurrency: opts.concurrency ?? 2, log });

    // HTTP API first: the issuer URL (and so the handler env) depends on its port.
    let authorizer: JwtAuthorizer | undefined;
    let issuer = '';
    const routes: ApiRouteBinding[] = functions.flatMap((f) =>
      f.triggers.flatMap((t) => (t.kind === 'http' ? t.routes.map((route) => ({ functionId: f.id, route })) : [])),
    );
    const login = createLogin({
      issuer: () => issuer,
      register: ensureDemoUser,
      mint: (user, ttlSeconds) => mintToken({ org: user.org, sub: `demo-${user.snils}`, snils: user.snils, ttlSeconds, issuer }, opts.dataDir),
      tokenTtlSeconds: opts.tokenTtlSeconds,
    });
    const apiServer = createApiServer({
      routes,
      invoker,
      authorizer: () => authorizer,
      discovery: () => openIdConfiguration(issuer),
      jwks: () => jwks(opts.dataDir),
      log,
      pages: localPages({ login, issuer: () => issuer, consoleDir: opts.consoleDir, storage: emulators.endpoints.s3 }),
    });
    api = apiServer.server;
    await new Promise<void>((resolve, reject) => {
      api!.once('error', reject);
      api!.listen(ports.api, '127.0.0.1', () => resolve());
    });
    issuer = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
    await recordIssuerUrl(opts.dataDir, issuer);
    authorizer = createJwtAuthorizer({ issuer, audience: AUDIENCE, jwksUrl: `${issuer}/.well-known/jwks.json` });

    const endpoints = buildEndpoints({ ...emulators.endpoints, api: issuer, queues: provisioned, cursorKey: await localCursorSecret(opts.dataDir) });
    Object.assign(process.env, handlerProcessEnv(endpoints));
    resetClients();
    if (opts.endpointsFile !== null) await writeEndpoints(opts.endpointsFile ?? DEFAULT_ENDPOINTS_FILE, endpoints);

    // fauxqs keeps messages in memory only: a crash (kill -9, power loss) loses every queued step.
    // Every step is idempotent, so the unfinished files are simply nudged again, before the pollers run.
    if (reopened && !restored && opts.redriveOnStart !== false && functions.some((f) => f.id === WATCHDOG_ID)) {
      const { redriveStuckFiles } = await import('../../shared/services/ingest/watchdog.js');
      const pass = await redriveStuckFiles(new Date(), { staleAfterMs: 0, counted: false });
      if (pass.redriven) log(`re-sent the missing steps of ${pass.redriven} unfinished file(s): the last run stopped without saving its queues`);
    }

    // S3 → SQS notifications and the event source mappings.
    const notifier = new S3Notifier({
      s3rver: emulators.s3rver,
      s3,
      sqs,
      log,
      routes: functions.flatMap((f) =>
        f.triggers.flatMap((t) =>
          t.kind === 's3'
            ? [{ bucketName: bucketName(t.bucket), prefixes: t.prefixes, queueUrl: urlByQueueId.get(t.queue)!, configurationId: `${f.id}-${t.queue}` }]
            : [],
        ),
      ),
    });
    notifier.start();
    const pollers = functions.flatMap((f) =>
      f.triggers.flatMap((t) =>
        t.kind === 's3' || t.kind === 'sqs'
          ? [
              new SqsPoller({
                sqs,
                invoker,
                functionId: f.id,
                queueId: t.queue,
                queueUrl: urlByQueueId.get(t.queue)!,
                batchSize: t.batchSize ?? 10,
                retryDelaySeconds: visibility,
                waitTimeSeconds: opts.waitTimeSeconds ?? 1,
                pollIntervalMs,
                log,
              }),
            ]
          : [],
      ),
    );
    pollers.forEach((p) => p.start());
    const scheduler = new Scheduler({
      entries:
        opts.schedules === false
          ? []
          : functions.flatMap((f) => f.triggers.flatMap((t) => (t.kind === 'schedule' ? [{ functionId: f.id, ruleId: t.id, cron: t.cron }] : []))),
      invoker,
      now: opts.now ?? (() => new Date()),
      tickMs: Math.min(pollIntervalMs, 1000),
      log,
    });
    scheduler.start();

    const sourceQueueNames = queues.map((q) => queueName(q.id));
    const allQueueNames = queues.flatMap((q) => [queueName(q.id), queueName(dlqId(q.id))]);
    const busy = (): boolean => {
      if (invoker.inFlight > 0 || notifier.pending > 0 || scheduler.busy > 0 || apiServer.inFlight() > 0) return true;
      if (pollers.some((p) => p.busy > 0)) return true;
      return sourceQueueNames.some((name) => {
        const m = emulators.fauxqs.inspectQueue(name)?.messages;
        return !!m && m.ready.length + m.delayed.length + m.inflight.length > 0;
      });
    };

    let stopped = false;
    return {
      endpoints,
      env: endpoints.env,
      invoke: (functionId, event) => invoker.invoke(functionId, event),
      tickSchedules: () => scheduler.tick(),
      lastS3Notification: (queue, bucket, key) => notifier.lastSent(endpoints.sqs.queues[queue]!.url, bucket, key),
      async waitForIdle({ timeoutMs = 30_000, intervalMs = 100 } = {}) {
        const deadline = Date.now() + timeoutMs;
        let quiet = 0;
        while (quiet < 2) {
          if (Date.now() > deadline) throw new Error(`local stack not idle after ${timeoutMs} ms`);
          quiet = busy() ? 0 : quiet + 1;
          if (quiet < 2) await sleep(intervalMs);
        }
      },
      async stop() {
        if (stopped) return;
        stopped = true;
        await scheduler.stop();
        await notifier.stop();
        await Promise.all(pollers.map((p) => p.stop()));
        await invoker.drained();
        const saved = await saveQueuedMessages(emulators.fauxqs, allQueueNames, snapshotFile);
        if (saved) log(`saved ${saved} queued message(s) for the next start`);
        await closeServer(api!);
        await shutdown(emulators, [ddb, s3, sqs]);
      },
    };
  } catch (error) {
    if (api?.listening) await closeServer(api);
    await shutdown(emulators, [ddb, s3, sqs]);
    throw error;
  }
}

async function shutdown(emulators: Emulators, clients: Array<{ destroy(): void }>): Promise<void> {
  clients.forEach((c) => c.destroy());
  resetClients();
  await emulators.close();
}

/** Catch catalog mistakes at start-up rather than as silent non-delivery. */
function checkDeclarations(functions: FunctionDecl[], queues: readonly QueueDecl[]): void {
  const ids = new Set(queues.map((q) => q.id));
  for (const f of functions) {
    for (const t of f.triggers) {
      if ((t.kind === 's3' || t.kind === 'sqs') && !ids.has(t.queue)) {
        throw new Error(`function ${f.id}: trigger queue "${t.queue}" is not declared in QUEUES`);
      }
    }
    for (const q of f.access.sendTo ?? []) {
      if (!ids.has(q)) throw new Error(`function ${f.id}: sendTo queue "${q}" is not declared in QUEUES`);
    }
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
