import type { BucketId, TableId } from '../../shared/runtime/declarations.js';

/**
 * Names and ARNs of the local resources. One place, so the stack, the sample events and
 * endpoints.json agree. The account is the dummy one the emulators use.
 */
export const REGION = 'eu-central-1';
export const ACCOUNT_ID = '000000000000';
export const PREFIX = 'omsflow';
export const AUDIENCE = 'omsflow';

export const bucketName = (id: BucketId | string): string => `${PREFIX}-${id}`;
export const tableName = (id: TableId | string): string => `${PREFIX}-${id}`;
export const queueName = (queueId: string): string => `${PREFIX}-${queueId}`;
export const dlqId = (queueId: string): string => `${queueId}-dlq`;

export const queueArn = (queueId: string, region = REGION): string =>
  `arn:aws:sqs:${region}:${ACCOUNT_ID}:${queueName(queueId)}`;
export const bucketArn = (id: string): string => `arn:aws:s3:::${bucketName(id)}`;
export const ruleArn = (ruleId: string, region = REGION): string =>
  `arn:aws:events:${region}:${ACCOUNT_ID}:rule/${PREFIX}-${ruleId}`;
export const functionArn = (functionId: string, region = REGION): string =>
  `arn:aws:lambda:${region}:${ACCOUNT_ID}:function:${PREFIX}-${functionId}`;
