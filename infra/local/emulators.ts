import type { Server } from 'node:http';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import S3rver from 's3rver';
import { multipartGaps } from './s3rver-multipart.js';
import { writeObjectsThrough, type S3rverFileStore } from './s3rver-store.js';
import { startFauxqs, type FauxqsServer } from 'fauxqs';
import { REGION } from './naming.js';

/**
 * The three emulators, bound to 127.0.0.1 (fauxqs always binds 0.0.0.0). DynamoDB and S3 keep
 * their data under dataDir; fauxqs is in-memory only (see sqs-snapshot.ts for the mitigation).
 */

export interface EmulatorPorts {
  dynamodb: number;
  s3: number;
  sqs: number;
}

/** Local only: any origin may use a signed URL (the signature, not the origin, is the control). */
const SIGNED_URL_CORS = `<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod><AllowedMethod>PUT</AllowedMethod><AllowedMethod>HEAD</AllowedMethod><AllowedHeader>*</AllowedHeader><ExposeHeader>ETag</ExposeHeader></CORSRule></CORSConfiguration>`;

export interface Emulators {
  endpoints: { dynamodb: string; s3: string; sqs: string };
  s3rver: S3rver;
  fauxqs: FauxqsServer;
  close(): Promise<void>;
}

export async function startEmulators(opts: { dataDir: string; ports: EmulatorPorts; bucketNames: string[] }): Promise<Emulators> {
  await mkdir(join(opts.dataDir, 'dynamodb'), { recursive: true });
  await mkdir(join(opts.dataDir, 's3'), { recursive: true });

  const dynamo = await startDynalite(join(opts.dataDir, 'dynamodb'), opts.ports.dynamodb);

  const s3 = new S3rver({
    address: '127.0.0.1',
    port: opts.ports.s3,
    silent: true,
    directory: join(opts.dataDir, 's3'),
    // Created at start and idempotent on restart: existing objects stay. CORS: the console PUTs
    // uploads and reads protocols through signed URLs from the API's origin (another port).
    configureBuckets: opts.bucketNames.map((name) => ({ name, configs: [SIGNED_URL_CORS] })),
  });
  // An object is readable in full once its event is out, as in S3 (s3rver-store.ts).
  writeObjectsThrough((s3 as unknown as { store: S3rverFileStore }).store);
  // Ahead of s3rver's own router (Koa composes its middleware list when the server starts).
  (s3 as unknown as { middleware: unknown[] }).middleware.unshift(multipartGaps(join(opts.dataDir, 's3')));
  const s3Address = await s3.run();

  const sqs = await startFauxqs({ port: opts.ports.sqs, logger: false, defaultRegion: REGION });

  return {
    endpoints: {
      dynamodb: `http://127.0.0.1:${dynamo.port}`,
      s3: `http://127.0.0.1:${s3Address.port}`,
      sqs: `http://127.0.0.1:${sqs.port}`,
    },
    s3rver: s3,
    fauxqs: sqs,
    async close() {
      await Promise.allSettled([sqs.stop(), s3.close(), dynamo.close()]);
    },
  };
}

/** dynalite in a child process (dynalite-child.mjs), so its CPU is not the handlers' CPU. */
async function startDynalite(path: string, port: number): Promise<{ port: number; close(): Promise<void> }> {
  const child: ChildProcess = fork(fileURLToPath(new URL('./dynalite-child.mjs', import.meta.url)), [path, String(port)], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const bound = await new Promise<number>((resolve, reject) => {
    child.once('message', (m: { port?: number; error?: string }) => (m.port ? resolve(m.port) : reject(new Error(`dynalite: ${m.error}`))));
    child.once('exit', (code) => reject(new Error(`dynalite exited with ${code} before listening`)));
  });
  return {
    port: bound,
    async close() {
      // A child that died meanwhile (its channel closing) is no error: `exited` still resolves.
      if (child.exitCode === null && child.connected) child.send('close', () => undefined);
      await exited;
    },
  };
}

/** Closes a server; connections still open after a grace period (keep-alive SDK agents) are cut. */
export function closeServer(server: Server, graceMs = 2000): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.closeAllConnections?.(), graceMs);
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections?.();
  });
}
