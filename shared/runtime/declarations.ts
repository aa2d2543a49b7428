/**
 * The one declaration of every function and the resources it touches. The CDK app (infra/) and the
 * local runtime (infra/local/) both read it, so the two runtimes cannot drift apart.
 * No AWS SDK or CDK import here: this module is plain data and types.
 */
import type { z } from 'zod';
import type { AccessRule } from '../access/rules.js';
import { PATH_PARAMS, pathParamNames, type PathParam } from './path-params.js';

export const BUCKETS = ['inbox', 'outbox', 'work'] as const;
export type BucketId = (typeof BUCKETS)[number];

/** Notification topics (SNS in AWS; the local runtime has none and keeps notifications in the outbox). */
export const TOPICS = ['notifications'] as const;
export type TopicId = (typeof TOPICS)[number];

/** Secrets (Secrets Manager in AWS; the local runtime sets the value itself, see ENV.cursorKey). */
export const SECRETS = ['cursor-key'] as const;
export type SecretId = (typeof SECRETS)[number];

export const TABLES = ['main', 'idempotency'] as const;
export type TableId = (typeof TABLES)[number];

/**
 * Receives of a message before its queue moves it to the DLQ (every queue's maxReceiveCount). A
 * file worker on the last one rejects the file with a protocol instead (shared/ingest/poison.ts).
 */
export const MAX_RECEIVES = 5;

export interface QueueDecl {
  id: string;
  /** Every message body: senders are type-checked against it, the consumer parses with it (queues.ts). */
  schema: z.ZodType;
  /** Seconds a received message stays invisible; must exceed the consumer's timeout. */
  visibilityTimeoutSeconds: number;
  /** Receives before a message moves to the queue's DLQ (`<id>-dlq`). */
  maxReceiveCount: number;
  description: string;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpRoute {
  method: HttpMethod;
  /**
   * API Gateway HTTP API path syntax, e.g. `/v1/regions/{region}/files/{fileId}`. The parameters
   * `{region}`, `{org}` and `{kind}` name the request's target for the access check.
   */
  path: string;
  /** `none` only for public documents such as `/openapi.json`; everything else needs a bearer token. */
  auth: 'none' | 'jwt';
  summary: string;
  /** Who may call it (shared/access/rules.ts); a route without a rule fails the test suite. */
  access: AccessRule;
  /**
   * Path parameters whose value differs from the table's (shared/runtime/path-params.ts); every
   * other `{name}` is checked by PATH_PARAMS[name]. A parameter with neither fails the test suite.
   */
  pathParams?: Record<string, PathParam>;
}

/** The check of each path parameter of a route, by name; undefined where none is declared. */
export function pathParamsOf(route: HttpRoute): Record<string, PathParam | undefined> {
  const table: Record<string, PathParam> = PATH_PARAMS;
  return Object.fromEntries(pathParamNames(route.path).map((name) => [name, route.pathParams?.[name] ?? table[name]]));
}

export type Trigger =
  /** S3 object created under one of the prefixes → notification to `queue` → this function. */
  | { kind: 's3'; bucket: BucketId; prefixes: string[]; queue: string; batchSize?: number }
  | { kind: 'sqs'; queue: string; batchSize?: number }
  /** EventBridge schedule; `cron` is the six-field EventBridge form, evaluated in UTC. */
  | { kind: 'schedule'; id: string; cron: string; description: string }
  | { kind: 'http'; routes: HttpRoute[] };

export type Access = 'read' | 'write' | 'readwrite';

export interface FunctionDecl {
  /** kebab-case, unique; becomes the Lambda's logical name. */
  id: string;
  /** Path of the handler module from the repository root, e.g. `functions/ingest/receive.ts`. */
  entry: string;
  description: string;
  memoryMb: number;
  timeoutSeconds: number;
  triggers: Trigger[];
  /** Least privilege: exactly what the handler touches. */
  access: {
    buckets?: Partial<Record<BucketId, Access>>;
    /** Key prefixes of a bucket the function may put to and nowhere else in it (e.g. the inbox's `quarantine/`). */
    writeUnder?: Partial<Record<BucketId, string[]>>;
    tables?: Partial<Record<TableId, Access>>;
    /** Queues the handler sends to. */
    sendTo?: string[];
    /** Topics the handler publishes to. */
    publishTo?: TopicId[];
    /** Secrets the handler reads. */
    secrets?: SecretId[];
  };
}

/** Environment variable names every handler reads its resources from (see shared/config.ts). */
export const ENV = {
  inboxBucket: 'OMS_INBOX_BUCKET',
  outboxBucket: 'OMS_OUTBOX_BUCKET',
  workBucket: 'OMS_WORK_BUCKET',
  mainTable: 'OMS_MAIN_TABLE',
  idempotencyTable: 'OMS_IDEMPOTENCY_TABLE',
  /** Prefix + queue id in UPPER_SNAKE, value = queue URL. */
  queueUrlPrefix: 'OMS_QUEUE_URL_',
  issuer: 'OMS_OIDC_ISSUER',
  audience: 'OMS_OIDC_AUDIENCE',
  /** AWS: ARN of the secret page cursors are sealed with (shared/adapters/secrets.ts). */
  cursorKeySecret: 'OMS_CURSOR_KEY_SECRET_ARN',
  /** Local runtime only: the cursor secret itself, kept in the data dir. Unset in AWS. */
  cursorKey: 'OMS_CURSOR_KEY',
  /** Local runtime only: endpoints of the emulators. Unset in AWS. */
  s3Endpoint: 'OMS_S3_ENDPOINT',
  dynamodbEndpoint: 'OMS_DYNAMODB_ENDPOINT',
  sqsEndpoint: 'OMS_SQS_ENDPOINT',
} as const;

export function topicEnvName(topic: TopicId): string {
  return `OMS_TOPIC_ARN_${topic.replace(/-/g, '_').toUpperCase()}`;
}

export function queueEnvName(queueId: string): string {
  return ENV.queueUrlPrefix + queueId.replace(/-/g, '_').toUpperCase();
}

export function bucketEnvName(bucket: BucketId): string {
  return { inbox: ENV.inboxBucket, outbox: ENV.outboxBucket, work: ENV.workBucket }[bucket];
}

export function secretEnvName(secret: SecretId): string {
  return { 'cursor-key': ENV.cursorKeySecret }[secret];
}

export function tableEnvName(table: TableId): string {
  return { main: ENV.mainTable, idempotency: ENV.idempotencyTable }[table];
}

/** Key schema of every table; both runtimes create exactly these. */
export interface TableSchema {
  partitionKey: string;
  sortKey?: string;
  /** Global secondary indexes, all projecting ALL attributes. */
  indexes: Array<{ name: string; partitionKey: string; sortKey: string }>;
  /** Attribute holding an epoch-seconds expiry (DynamoDB TTL in AWS; ignored by dynalite). */
  ttlAttribute?: string;
}

export const TABLE_SCHEMAS: Record<TableId, TableSchema> = {
  main: {
    partitionKey: 'pk',
    sortKey: 'sk',
    indexes: [{ name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' }],
    ttlAttribute: 'expiresAt',
  },
  // Powertools idempotency persistence layer defaults.
  idempotency: { partitionKey: 'id', indexes: [], ttlAttribute: 'expiration' },
};
