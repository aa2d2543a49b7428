import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceNotFoundException,
  type DynamoDBClient,
  type KeySchemaElement,
} from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { QueueDecl, TableSchema } from '../../shared/runtime/declarations.js';
import { dlqId, queueName } from './naming.js';

/**
 * Creates the tables and queues the declarations ask for. Idempotent: an existing table (restart
 * with the same dataDir) is kept with its items. Buckets are created by s3rver itself.
 */

export async function ensureTable(ddb: DynamoDBClient, name: string, schema: TableSchema): Promise<void> {
  try {
    await ddb.send(new DescribeTableCommand({ TableName: name }));
    return;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException) && (error as Error).name !== 'ResourceNotFoundException') throw error;
  }
  const key = (pk: string, sk?: string): KeySchemaElement[] => [
    { AttributeName: pk, KeyType: 'HASH' },
    ...(sk ? [{ AttributeName: sk, KeyType: 'RANGE' as const }] : []),
  ];
  const attributes = new Set([schema.partitionKey, schema.sortKey, ...schema.indexes.flatMap((i) => [i.partitionKey, i.sortKey])]);
  await ddb.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: key(schema.partitionKey, schema.sortKey),
      AttributeDefinitions: [...attributes].filter((a): a is string => !!a).map((a) => ({ AttributeName: a, AttributeType: 'S' })),
      ...(schema.indexes.length
        ? {
            GlobalSecondaryIndexes: schema.indexes.map((i) => ({
              IndexName: i.name,
              KeySchema: key(i.partitionKey, i.sortKey),
              Projection: { ProjectionType: 'ALL' },
            })),
          }
        : {}),
    }),
  );
  // dynalite's TTL API is missing: `ttlAttribute` items simply never expire locally.
}

export interface ProvisionedQueue {
  id: string;
  name: string;
  url: string;
  arn: string;
}

/** A queue and its DLQ `<id>-dlq`, with the redrive policy of the declaration. */
export async function ensureQueue(
  sqs: SQSClient,
  queue: QueueDecl,
  visibilityTimeoutSeconds: number,
): Promise<{ queue: ProvisionedQueue; dlq: ProvisionedQueue }> {
  const dlq = await createQueue(sqs, dlqId(queue.id), { MessageRetentionPeriod: String(14 * 24 * 3600) });
  const main = await createQueue(sqs, queue.id, {
    VisibilityTimeout: String(visibilityTimeoutSeconds),
    RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: queue.maxReceiveCount }),
  });
  return { queue: main, dlq };
}

async function createQueue(sqs: SQSClient, id: string, attributes: Record<string, string>): Promise<ProvisionedQueue> {
  const name = queueName(id);
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
  return { id, name, url: QueueUrl!, arn: Attributes!.QueueArn! };
}
