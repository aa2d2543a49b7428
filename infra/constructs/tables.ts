import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { TABLE_SCHEMAS, TABLES, type TableId } from '../../shared/runtime/declarations.js';
import { pascal } from './names.js';

export interface TablesProps {
  key: kms.IKey;
}

/** One DynamoDB table per TABLE_SCHEMAS entry: the local runtime creates exactly the same keys. */
export class Tables extends Construct {
  readonly tables: Record<TableId, dynamodb.Table>;

  constructor(scope: Construct, id: string, props: TablesProps) {
    super(scope, id);
    const tables = {} as Record<TableId, dynamodb.Table>;
    for (const tableId of TABLES) {
      const schema = TABLE_SCHEMAS[tableId];
      // The registry is the system of record; idempotency records are short-lived and rebuildable.
      const isRecord = tableId !== 'idempotency';
      const table = new dynamodb.Table(this, `${pascal(tableId)}Table`, {
        partitionKey: { name: schema.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: schema.sortKey ? { name: schema.sortKey, type: dynamodb.AttributeType.STRING } : undefined,
        billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
        encryptionKey: props.key,
        timeToLiveAttribute: schema.ttlAttribute,
        deletionProtection: isRecord,
        removalPolicy: isRecord ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      });
      for (const index of schema.indexes) {
        table.addGlobalSecondaryIndex({
          indexName: index.name,
          partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
          sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING },
          projectionType: dynamodb.ProjectionType.ALL,
        });
      }
      tables[tableId] = table;
    }
    this.tables = tables;
  }
}
