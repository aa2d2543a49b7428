import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  BUCKETS,
  bucketEnvName,
  ENV,
  queueEnvName,
  TABLES,
  tableEnvName,
} from '../../shared/runtime/declarations.js';
import { AUDIENCE, bucketName, REGION, tableName } from './naming.js';
import type { ProvisionedQueue } from './provision.js';

/**
 * `.local/endpoints.json` (DOMAIN.md §9): where the emulators, buckets, tables, queues, API and issuer
 * of the running local stack are, plus the environment a handler needs to run against them.
 */

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEFAULT_DATA_DIR = join(REPO_ROOT, '.local', 'data');
/** `OMS_LOCAL_ENDPOINTS_FILE` moves it (a second stack, e.g. a test's, must not overwrite the developer's). */
export const DEFAULT_ENDPOINTS_FILE = process.env.OMS_LOCAL_ENDPOINTS_FILE ?? join(REPO_ROOT, '.local', 'endpoints.json');

/** s3rver accepts only its own dummy key pair; dynalite and fauxqs accept any. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export interface LocalEndpoints {
  region: string;
  credentials: typeof LOCAL_CREDENTIALS;
  s3: { endpoint: string; forcePathStyle: true; buckets: Record<string, string> };
  dynamodb: { endpoint: string; tables: Record<string, string> };
  sqs: {
    endpoint: string;
    /** fauxqs queue URLs use the host `sqs.<region>.localhost`: clients must set the endpoint above. */
    note: string;
    queues: Record<string, { name: string; url: string; arn: string; dlq?: string }>;
  };
  api: { url: string; openapi: string };
  oidc: { issuer: string; audience: string; jwksUrl: string; discoveryUrl: string };
  /** OMS_* variables the handlers read (shared/config.ts). */
  env: Record<string, string>;
  startedAt: string;
}

export function buildEndpoints(o: {
  s3: string;
  dynamodb: string;
  sqs: string;
  api: string;
  queues: Array<{ queue: ProvisionedQueue; dlq: ProvisionedQueue }>;
  /** The data dir's page-cursor secret (Secrets Manager in AWS). */
  cursorKey: string;
}): LocalEndpoints {
  const issuer = o.api;
  const queues: LocalEndpoints['sqs']['queues'] = {};
  for (const { queue, dlq } of o.queues) {
    queues[queue.id] = { name: queue.name, url: queue.url, arn: queue.arn, dlq: dlq.id };
    queues[dlq.id] = { name: dlq.name, url: dlq.url, arn: dlq.arn };
  }
  const env: Record<string, string> = {};
  for (const b of BUCKETS) env[bucketEnvName(b)] = bucketName(b);
  for (const t of TABLES) env[tableEnvName(t)] = tableName(t);
  for (const [id, q] of Object.entries(queues)) env[queueEnvName(id)] = q.url;
  env[ENV.s3Endpoint] = o.s3;
  env[ENV.dynamodbEndpoint] = o.dynamodb;
  env[ENV.sqsEndpoint] = o.sqs;
  env[ENV.issuer] = issuer;
  env[ENV.audience] = AUDIENCE;
  env[ENV.cursorKey] = o.cursorKey;
  return {
    region: REGION,
    credentials: LOCAL_CREDENTIALS,
    s3: { endpoint: o.s3, forcePathStyle: true, buckets: Object.fromEntries(BUCKETS.map((b) => [b, bucketName(b)])) },
    dynamodb: { endpoint: o.dynamodb, tables: Object.fromEntries(TABLES.map((t) => [t, tableName(t)])) },
    sqs: {
      endpoint: o.sqs,
      note: 'Queue URLs name the host sqs.<region>.localhost; send requests to the endpoint above (SDK: endpoint option).',
      queues,
    },
    api: { url: o.api, openapi: `${o.api}/openapi.json` },
    oidc: {
      issuer,
      audience: AUDIENCE,
      jwksUrl: `${issuer}/.well-known/jwks.json`,
      discoveryUrl: `${issuer}/.well-known/openid-configuration`,
    },
    env,
    startedAt: new Date().toISOString(),
  };
}

/** Everything a handler process needs: the OMS_* variables plus region, dummy credentials, Powertools. */
export function handlerProcessEnv(endpoints: Pick<LocalEndpoints, 'env' | 'region' | 'credentials'>): Record<string, string> {
  return {
    ...endpoints.env,
    AWS_REGION: endpoints.region,
    AWS_DEFAULT_REGION: endpoints.region,
    AWS_ACCESS_KEY_ID: endpoints.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: endpoints.credentials.secretAccessKey,
    POWERTOOLS_SERVICE_NAME: 'omsflow',
    POWERTOOLS_DEV: process.env.POWERTOOLS_DEV ?? 'true',
  };
}

export async function writeEndpoints(file: string, endpoints: LocalEndpoints): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(`${file}.tmp`, JSON.stringify(endpoints, null, 2) + '\n');
  await rename(`${file}.tmp`, file);
}

export async function readEndpoints(file = DEFAULT_ENDPOINTS_FILE): Promise<LocalEndpoints> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as LocalEndpoints;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(`${file} not found: start the local stack first (npm start)`);
    }
    throw error;
  }
}
