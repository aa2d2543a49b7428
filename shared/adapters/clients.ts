import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { config } from '../config.js';

/**
 * AWS SDK clients, created once per Lambda container. Locally the OMS_*_ENDPOINT variables point
 * them at the emulators (path-style S3 for s3rver); in AWS they are unset.
 */
let s3: S3Client | undefined;
let ddb: DynamoDBDocumentClient | undefined;
let sqs: SQSClient | undefined;

export function s3Client(): S3Client {
  const endpoint = config.endpoint('s3');
  s3 ??= new S3Client(endpoint ? { endpoint, forcePathStyle: true } : {});
  return s3;
}

export function dynamoClient(): DynamoDBDocumentClient {
  const endpoint = config.endpoint('dynamodb');
  ddb ??= DynamoDBDocumentClient.from(new DynamoDBClient(endpoint ? { endpoint } : {}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return ddb;
}

export function sqsClient(): SQSClient {
  const endpoint = config.endpoint('sqs');
  sqs ??= new SQSClient(endpoint ? { endpoint } : {});
  return sqs;
}

/** For tests and the local runtime, which change endpoints between runs in one process. */
export function resetClients(): void {
  s3 = undefined;
  ddb = undefined;
  sqs = undefined;
}
