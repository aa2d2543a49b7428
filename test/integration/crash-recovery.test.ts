import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { PurgeQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handlerProcessEnv, readEndpoints, REPO_ROOT, type LocalEndpoints } from '../../infra/local/endpoints.js';
import { dynamoClient, resetClients } from '../../shared/adapters/clients.js';
import { mainTable, queryAll } from '../../shared/adapters/store/dynamo.js';
import { getFile, listFiles } from '../../shared/adapters/store/files.js';
import type { FileRecord } from '../../shared/ingest/file-record.js';
import { loadReferenceData } from '../../shared/reference/load.js';
import { writeInsuredExport } from '../../infra/local/testdata/insured-bytes.js';

/**
 * A hard crash of the local stack (SIGKILL on its whole process tree: the stack and its dynalite
 * child) loses every queued message, as fauxqs keeps them in memory. The restarted stack re-sends
 * the missing steps of every unfinished file, so each file ends DONE within a minute with exactly
 * its rows, none twice. The kill points are found by polling the file's record, not by timing.
 */

const ROWS = 1_500;
/** ~160 kB files in ~20 chunks: validation and load each take seconds, so a kill lands inside them. */
const CHUNK_BYTES = 8 * 1024;
const SHARDS = 16;
const RESUME_WITHIN_MS = 60_000;
const FIXTURE = join(REPO_ROOT, 'test', 'integration', 'fixtures', 'crash-stack.ts');
const ref = loadReferenceData();

let work: string;
let dataDir: string;
let endpointsFile: string;
let running: ChildProcess | undefined;
let endpoints: LocalEndpoints;

/** Starts the stack process on the test's data folder; resolves once it is ready (endpoints written). */
async function startStack(): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, dataDir, endpointsFile], {
    cwd: REPO_ROOT,
    // Its own process group: the kill reaches dynalite too, as a crash of the machine's session would.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, OMS_CHUNK_BYTES: String(CHUNK_BYTES), OMS_REGION_SHARDS: String(SHARDS), POWERTOOLS_LOG_LEVEL: 'ERROR' },
  });
  running = child;
  const stderr: string[] = [];
  child.stderr!.on('data', (d: Buffer) => stderr.push(d.toString()));
  await new Promise<void>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => line === 'ready' && resolve());
    child.once('exit', (code) => reject(new Error(`stack exited with ${code} before it was ready: ${stderr.join('').slice(-2000)}`)));
  });
  endpoints = await readEndpoints(endpointsFile);
  Object.assign(process.env, handlerProcessEnv(endpoints));
  resetClients();
}

/** SIGKILL to the stack's process group: no handler finishes, no queued message is saved. */
async function crash(): Promise<void> {
  const child = running!;
  running = undefined;
  const exited = new Promise((r) => child.once('exit', r));
  process.kill(-child.pid!, 'SIGKILL');
  await exited;
}

async function upload(region: string, name: string, seed: number): Promise<string> {
  const path = join(work, name);
  await writeInsuredExport(path, { region, rows: ROWS, seed, ref }, 'windows-1251');
  const s3 = new S3Client({ endpoint: endpoints.s3.endpoint, forcePathStyle: true, region: endpoints.region, credentials: endpoints.credentials });
  await s3.send(new PutObjectCommand({ Bucket: endpoints.s3.buckets.inbox, Key: `${region}/insured/${name}`, Body: await readFile(path) }));
  s3.destroy();
  return region;
}

/** Polls the file of `region` named `name` until `ready` holds; fails if it finished first (the kill point was missed). */
async function waitForFile(region: string, name: string, ready: (f: FileRecord) => boolean, what: string, timeoutMs = 60_000): Promise<FileRecord> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const listed = (await listFiles(region)).files.find((f) => f.name === name);
    const file = listed && (await getFile(listed.fileId));
    if (file && ready(file)) return file;
    if (file?.phase === 'DONE' && what !== 'DONE') throw new Error(`${name} finished before the kill point (${what})`);
    if (Date.now() > deadline) throw new Error(`${name} not ${what} after ${timeoutMs} ms: ${JSON.stringify(file && { phase: file.phase, v: file.validatedChunks?.length, l: file.loadedChunks?.length, of: file.chunkCount })}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const midValidation = (f: FileRecord) => f.phase === 'VALIDATING' && (f.validatedChunks?.length ?? 0) >= 2 && f.validatedChunks!.length < f.chunkCount! - 4;
const midLoad = (f: FileRecord) => f.phase === 'LOADING' && (f.loadedChunks?.length ?? 0) >= 2 && f.loadedChunks!.length < f.chunkCount! - 4;

/** Every ЕНП the region holds, over its shards. */
async function enpsOf(region: string): Promise<string[]> {
  const enps: string[] = [];
  for (let shard = 0; shard < SHARDS; shard++) {
    for await (const page of queryAll({
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': `REG#${region}#${String(shard).padStart(3, '0')}` },
      ProjectionExpression: 'gsi1sk',
    })) {
      for (const item of page) enps.push(item.gsi1sk as string);
    }
  }
  return enps;
}

/** DONE within a minute of the restart, every row accepted once, the registry holding each person exactly once. */
async function expectRecovered(region: string, name: string, restartedAt: number): Promise<FileRecord> {
  const file = await waitForFile(region, name, (f) => f.phase === 'DONE', 'DONE', RESUME_WITHIN_MS);
  expect(Date.now() - restartedAt).toBeLessThan(RESUME_WITHIN_MS);
  expect(file).toMatchObject({ status: 'ACCEPTED', rows: ROWS, acceptedRows: ROWS, rejectedRows: 0, errors: 0 });
  expect(file.loadedChunks).toHaveLength(file.chunkCount!);
  const enps = await enpsOf(region);
  expect(enps).toHaveLength(ROWS);
  expect(new Set(enps).size).toBe(ROWS);
  return file;
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'oms-crash-'));
  dataDir = join(work, 'data');
  endpointsFile = join(work, 'endpoints.json');
  await startStack();
}, 60_000);

afterAll(async () => {
  if (running) await crash();
  rmSync(work, { recursive: true, force: true });
});

describe('crash recovery of the local stack (SIGKILL on the process tree)', () => {
  it('a file killed mid-validation is DONE within 60 s of the restart, every row loaded once', async () => {
    const region = await upload('77', 'mid-validation.csv', 1);
    const before = await waitForFile(region, 'mid-validation.csv', midValidation, 'mid-validation');
    await crash();
    await startStack();
    const restartedAt = Date.now();
    const after = await expectRecovered(region, 'mid-validation.csv', restartedAt);
    expect(after.chunkCount).toBe(before.chunkCount);
    // The start-up redrive is not the file's fault: it does not count against the watchdog's cap.
    expect(after.redrives ?? 0).toBe(0);
  }, 150_000);

  it('a file killed mid-load is DONE within 60 s of the restart, every row loaded once', async () => {
    const region = await upload('39', 'mid-load.csv', 2);
    await waitForFile(region, 'mid-load.csv', midLoad, 'mid-load');
    await crash();
    await startStack();
    const after = await expectRecovered(region, 'mid-load.csv', Date.now());
    expect(after.redrives ?? 0).toBe(0);
  }, 150_000);

  it('a file whose queued loads are lost waits; `npm run invoke -- ingest-watchdog` with the sample event re-sends it', async () => {
    const region = await upload('23', 'invoked.csv', 3);
    await waitForFile(region, 'invoked.csv', midLoad, 'mid-load');
    // The queued loads are lost (as in a crash, without restarting: the start-up redrive is not what is tested here).
    const sqs = new SQSClient({ endpoint: endpoints.sqs.endpoint, region: endpoints.region, credentials: endpoints.credentials });
    await sqs.send(new PurgeQueueCommand({ QueueUrl: endpoints.sqs.queues['ingest-load']!.url }));
    sqs.destroy();
    let stuck = await waitForFile(region, 'invoked.csv', (f) => f.phase === 'LOADING', 'LOADING');
    for (;;) {
      await new Promise((r) => setTimeout(r, 3000));
      const now = (await getFile(stuck.fileId))!;
      if (now.loadedChunks!.length === stuck.loadedChunks!.length) break;
      stuck = now;
    }
    expect(stuck.loadedChunks!.length).toBeLessThan(stuck.chunkCount!);
    // Silent for 10 minutes, as the watchdog would find it after a real wait.
    await dynamoClient().send(
      new UpdateCommand({
        TableName: mainTable(),
        Key: { pk: `FILE#${stuck.fileId}`, sk: 'META' },
        UpdateExpression: 'SET updatedAt = :t',
        ExpressionAttributeValues: { ':t': new Date(Date.now() - 10 * 60_000).toISOString() },
      }),
    );
    const invokedAt = Date.now();
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'infra/local/invoke.ts', 'ingest-watchdog', 'events/ingest-watchdog.schedule.json'], {
      cwd: REPO_ROOT,
      env: { ...process.env, OMS_LOCAL_ENDPOINTS_FILE: endpointsFile, POWERTOOLS_LOG_LEVEL: 'ERROR' },
    });
    expect(JSON.parse(stdout)).toMatchObject({ redriven: 1, rejected: 0 });
    const after = await expectRecovered(region, 'invoked.csv', invokedAt);
    expect(after.redrives).toBe(1);
  }, 150_000);
});
