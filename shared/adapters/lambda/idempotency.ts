import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { config } from '../../config.js';
import { dynamoClient } from '../clients.js';

/** Powertools idempotency on the idempotency table (key `id`, TTL `expiration`), one per handler. */
export function idempotencyFor(eventKeyJmesPath: string, expiresAfterSeconds = 24 * 3600) {
  return {
    persistenceStore: new DynamoDBPersistenceLayer({
      tableName: config.table('idempotency'),
      awsSdkV3Client: dynamoClient() as never,
    }),
    config: new IdempotencyConfig({ eventKeyJmesPath, expiresAfterSeconds }),
  };
}
