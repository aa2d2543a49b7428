import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { Context } from 'aws-lambda';
import { config } from '../../config.js';
import { dynamoRawClient } from '../clients.js';

/**
 * Makes `fn` idempotent on the idempotency table (key `id`, TTL `expiration`), keyed by a JMESPath
 * over its argument. Built on first use, after the runtime has set endpoints and table names.
 */
export function idempotent<A extends object, R>(
  fn: (arg: A) => Promise<R>,
  eventKeyJmesPath: string,
  expiresAfterSeconds = 24 * 3600,
): (arg: A, context: Context) => Promise<R> {
  let wrapped: { run: (arg: A) => Promise<R>; config: IdempotencyConfig } | undefined;
  return (arg, context) => {
    if (!wrapped) {
      const idempotencyConfig = new IdempotencyConfig({ eventKeyJmesPath, expiresAfterSeconds });
      const persistenceStore = new DynamoDBPersistenceLayer({
        tableName: config.table('idempotency'),
        awsSdkV3Client: dynamoRawClient(),
      });
      wrapped = { run: makeIdempotent(fn, { persistenceStore, config: idempotencyConfig }), config: idempotencyConfig };
    }
    wrapped.config.registerLambdaContext(context);
    return wrapped.run(arg);
  };
}
