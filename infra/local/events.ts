import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  Context,
  EventBridgeEvent,
  S3Event,
  S3EventRecord,
  SQSEvent,
  SQSMessageAttributes,
  SQSRecord,
} from 'aws-lambda';
import type { HttpRoute } from '../../shared/runtime/declarations.js';
import { ACCOUNT_ID, functionArn, PREFIX, queueArn, REGION, ruleArn } from './naming.js';

/**
 * Builders of the events AWS hands to our Lambdas. The local runtime and the sample events in
 * events/ both use them, so the samples cannot drift from what the runtime sends.
 */

const hex = (bytes: number) => randomBytes(bytes).toString('hex').toUpperCase();

/**
 * S3 notifications URL-encode the key like a form (`+` for spaces) but keep `/`; characters that
 * encodeURIComponent leaves alone but a form encoder does not are encoded too.
 */
export function encodeS3EventKey(key: string): string {
  return key
    .split('/')
    .map((segment) =>
      encodeURIComponent(segment)
        .replace(/%20/g, '+')
        .replace(/[!'()~]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase()),
    )
    .join('/');
}

let sequence = 0;
/** Increasing per process, like S3's per-key sequencer (hex, fixed width). */
export function nextSequencer(now: number): string {
  sequence = (sequence + 1) % 0x10000;
  return (now.toString(16) + sequence.toString(16).padStart(4, '0')).toUpperCase().padStart(18, '0');
}

export interface S3ObjectCreated {
  bucket: string;
  /** The raw key as stored; encoded here as AWS does. */
  key: string;
  size: number;
  eTag: string;
  versionId?: string;
  eventName?: 'ObjectCreated:Put' | 'ObjectCreated:Post' | 'ObjectCreated:Copy' | 'ObjectCreated:CompleteMultipartUpload';
  configurationId?: string;
  time?: Date;
  sourceIp?: string;
  region?: string;
  /** Fixed ids for reproducible samples; random otherwise. */
  requestId?: string;
  sequencer?: string;
}

/** The body S3 sends to an SQS queue for one created object. */
export function s3Notification(o: S3ObjectCreated): S3Event {
  const time = o.time ?? new Date();
  const record: S3EventRecord = {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: o.region ?? REGION,
    eventTime: time.toISOString(),
    eventName: o.eventName ?? 'ObjectCreated:Put',
    userIdentity: { principalId: 'AWS:AIDALOCALOMSFLOWUSER' },
    requestParameters: { sourceIPAddress: ipv4Or(normaliseIp(o.sourceIp ?? '127.0.0.1'), '127.0.0.1') },
    responseElements: {
      'x-amz-request-id': o.requestId ?? hex(8),
      'x-amz-id-2': createHash('sha256').update(o.requestId ?? randomBytes(16)).digest('base64'),
    },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: o.configurationId ?? `${PREFIX}-notification`,
      bucket: { name: o.bucket, ownerIdentity: { principalId: 'A3LOCALOMSFLOW' }, arn: `arn:aws:s3:::${o.bucket}` },
      object: {
        key: encodeS3EventKey(o.key),
        size: o.size,
        eTag: o.eTag.replace(/"/g, ''),
        ...(o.versionId ? { versionId: o.versionId } : {}),
        sequencer: o.sequencer ?? nextSequencer(time.getTime()),
      },
    },
  };
  return { Records: [record] };
}

/** IPv4-mapped IPv6 (`::ffff:127.0.0.1`) → IPv4; S3 and API Gateway report plain IPv4. */
export function normaliseIp(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  return ip === '::1' ? '127.0.0.1' : ip;
}

/** S3 reports an IPv4 address (Powertools' schema insists on it). */
function ipv4Or(ip: string, fallback: string): string {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(ip) ? ip : fallback;
}

/** What the poller got from ReceiveMessage, in the SDK's shape. */
export interface ReceivedSqsMessage {
  MessageId?: string;
  ReceiptHandle?: string;
  Body?: string;
  MD5OfBody?: string;
  MD5OfMessageAttributes?: string;
  Attributes?: Partial<Record<string, string>>;
  MessageAttributes?: Record<string, { DataType?: string; StringValue?: string; BinaryValue?: Uint8Array | string }>;
}

/** One SQS message as the Lambda event source mapping presents it. */
export function sqsRecord(queueId: string, m: ReceivedSqsMessage, region = REGION): SQSRecord {
  const body = m.Body ?? '';
  const now = String(Date.now());
  const attributes: SQSRecord['attributes'] = {
    ApproximateReceiveCount: m.Attributes?.ApproximateReceiveCount ?? '1',
    SentTimestamp: m.Attributes?.SentTimestamp ?? now,
    SenderId: m.Attributes?.SenderId ?? 'AIDALOCALOMSFLOWSENDER',
    ApproximateFirstReceiveTimestamp: m.Attributes?.ApproximateFirstReceiveTimestamp ?? now,
  };
  const messageAttributes: SQSMessageAttributes = {};
  for (const [name, a] of Object.entries(m.MessageAttributes ?? {})) {
    const binary = a.BinaryValue === undefined ? undefined : Buffer.from(a.BinaryValue).toString('base64');
    messageAttributes[name] = {
      dataType: a.DataType ?? 'String',
      stringValue: a.StringValue,
      binaryValue: binary,
      stringListValues: [],
      binaryListValues: [],
    };
  }
  return {
    messageId: m.MessageId ?? randomUUID(),
    receiptHandle: m.ReceiptHandle ?? randomBytes(48).toString('base64'),
    body,
    attributes,
    messageAttributes,
    md5OfBody: m.MD5OfBody ?? createHash('md5').update(body).digest('hex'),
    ...(m.MD5OfMessageAttributes ? { md5OfMessageAttributes: m.MD5OfMessageAttributes } : {}),
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn(queueId, region),
    awsRegion: region,
  };
}

export function sqsEvent(queueId: string, messages: ReceivedSqsMessage[], region = REGION): SQSEvent {
  return { Records: messages.map((m) => sqsRecord(queueId, m, region)) };
}

export type ScheduledEvent = EventBridgeEvent<'Scheduled Event', Record<string, never>>;

/** What an EventBridge schedule rule delivers to its target. */
export function scheduledEvent(ruleId: string, time: Date, region = REGION, id: string = randomUUID()): ScheduledEvent {
  const at = new Date(time.getTime());
  at.setUTCMilliseconds(0);
  return {
    version: '0',
    id,
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: ACCOUNT_ID,
    // EventBridge reports whole seconds.
    time: at.toISOString().replace('.000Z', 'Z'),
    region,
    resources: [ruleArn(ruleId, region)],
    detail: {},
  };
}

/**
 * A sample Scheduled Event fired now, as the rule would fire it: the samples in events/ carry a
 * fixed time, and a clock-driven handler (the watchdog's stale mark) checks nothing at a past time.
 * Any other event is returned as it is.
 */
export function firedNow(event: unknown, now: Date): unknown {
  const e = event as Partial<ScheduledEvent> | null;
  if (e?.['detail-type'] !== 'Scheduled Event' || e.source !== 'aws.events') return event;
  return { ...e, time: scheduledEvent('now', now).time };
}

export interface HttpRequestInput {
  route: Pick<HttpRoute, 'method' | 'path'>;
  rawPath: string;
  rawQueryString: string;
  headers: Record<string, string>;
  pathParameters?: Record<string, string>;
  body?: Buffer;
  sourceIp?: string;
  /** Flattened claims (API Gateway passes them as strings) of a verified token. */
  claims?: Record<string, string>;
  scopes?: string[] | null;
  time?: Date;
  domainName?: string;
  requestId?: string;
}

const TEXT_TYPES = /^(text\/|application\/(json|xml|x-www-form-urlencoded|.*\+json|.*\+xml))/i;

/** API Gateway HTTP API payload format 2.0. */
export function httpApiEvent(r: HttpRequestInput): APIGatewayProxyEventV2WithJWTAuthorizer {
  const time = r.time ?? new Date();
  const routeKey = `${r.route.method} ${r.route.path}`;
  const query: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(r.rawQueryString)) {
    // API Gateway joins repeated parameters with commas.
    query[k] = k in query ? `${query[k]},${v}` : v;
  }
  const domainName = r.domainName ?? r.headers.host ?? 'localhost';
  const hasBody = r.body !== undefined && r.body.length > 0;
  const isText = TEXT_TYPES.test(r.headers['content-type'] ?? '');
  const event = {
    version: '2.0',
    routeKey,
    rawPath: r.rawPath,
    rawQueryString: r.rawQueryString,
    ...(r.headers.cookie ? { cookies: r.headers.cookie.split(/;\s*/) } : {}),
    headers: r.headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    ...(r.pathParameters && Object.keys(r.pathParameters).length ? { pathParameters: r.pathParameters } : {}),
    requestContext: {
      accountId: ACCOUNT_ID,
      apiId: 'local',
      ...(r.claims ? { authorizer: { jwt: { claims: r.claims, scopes: r.scopes ?? null } } } : {}),
      domainName,
      domainPrefix: domainName.split('.')[0] ?? domainName,
      http: {
        method: r.route.method,
        path: r.rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: normaliseIp(r.sourceIp ?? '127.0.0.1'),
        userAgent: r.headers['user-agent'] ?? '',
      },
      requestId: r.requestId ?? hex(8),
      routeKey,
      stage: '$default',
      time: apiGatewayTime(time),
      timeEpoch: time.getTime(),
    },
    ...(hasBody ? { body: isText ? r.body!.toString('utf8') : r.body!.toString('base64') } : {}),
    isBase64Encoded: hasBody && !isText,
  };
  return event as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
}

/** `12/Mar/2024:19:03:58 +0000`, as API Gateway writes requestContext.time. */
function apiGatewayTime(d: Date): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

/** A Lambda context for one invocation; the remaining time counts down from the function's timeout. */
export function lambdaContext(f: { id: string; memoryMb: number; timeoutSeconds: number }, region = REGION): Context {
  const deadline = Date.now() + f.timeoutSeconds * 1000;
  const name = `${PREFIX}-${f.id}`;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: functionArn(f.id, region),
    memoryLimitInMB: String(f.memoryMb),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: `${new Date().toISOString().slice(0, 10).replace(/-/g, '/')}/[$LATEST]${randomBytes(16).toString('hex')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
