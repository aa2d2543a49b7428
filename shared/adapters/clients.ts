import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { config } from '../config.js';
import { logger } from './lambda/logger.js';
import './sdk-node-support.js';

/**
 * The SDK's logger middleware builds a sensitive-data-filtered copy of every request and response
 * when its logger has `info` — the default no-op logger has it, and the copy walks every item of a
 * DynamoDB page (a third of the SDK's CPU on a 100-item query). It also logs every failed command
 * with its input through `error`, expected failures included (a conditional write that loses, a
 * missing object), which would put personal data in logs. So the logger has neither: callers handle
 * and log their errors; SDK warnings (`warn`) still reach Powertools.
 */
const sdkLogger = {
  // The credential chain calls `debug` unguarded.
  debug: () => undefined,
  warn: (...args: unknown[]) => logger.warn('AWS SDK', { sdk: args }),
} as unknown as SdkLogger;
type SdkLogger = NonNullable<NonNullable<ConstructorParameters<typeof S3Client>[0]>['logger']>;

/**
 * AWS SDK clients, created once per Lambda container. Locally the OMS_*_ENDPOINT variables point
 * them at the emulators (path-style S3 for s3rver); in AWS they are unset.
 */
let s3: S3Client | undefined;
let ddbRaw: DynamoDBClient | undefined;
let ddb: DynamoDBDocumentClient | undefined;
let sqs: SQSClient | undefined;
let sns: SNSClient | undefined;

export function s3Client(): S3Client {
  const endpoint = config.endpoint('s3');
  // Checksums only where S3 requires them: otherwise presigned PUT URLs carry the CRC32 of an
  // empty body (x-amz-checksum-crc32=AAAAAA==) and S3 refuses every real upload through them.
  s3 ??= new S3Client({ logger: sdkLogger, requestChecksumCalculation: 'WHEN_REQUIRED', ...(endpoint ? { endpoint, forcePathStyle: true } : {}) });
  return s3;
}

/** The plain client, for libraries that marshal items themselves (Powertools idempotency). */
export function dynamoRawClient(): DynamoDBClient {
  const endpoint = config.endpoint('dynamodb');
  ddbRaw ??= new DynamoDBClient({ logger: sdkLogger, ...(endpoint ? { endpoint } : {}) });
  return ddbRaw;
}

export function dynamoClient(): DynamoDBDocumentClient {
  ddb ??= DynamoDBDocumentClient.from(dynamoRawClient(), { marshallOptions: { removeUndefinedValues: true } });
  return ddb;
}

export function sqsClient(): SQSClient {
  const endpoint = config.endpoint('sqs');
  sqs ??= new SQSClient({ logger: sdkLogger, ...(endpoint ? { endpoint } : {}) });
  return sqs;
}

/** Only in AWS: locally notifications stay in the outbox. */
export function snsClient(): SNSClient {
  sns ??= new SNSClient({ logger: sdkLogger });
  return sns;
}

/** For tests and the local runtime, which change endpoints between runs in one process. */
export function resetClients(): void {
  s3 = undefined;
  ddbRaw = undefined;
  ddb = undefined;
  sqs = undefined;
  sns = undefined;
}
