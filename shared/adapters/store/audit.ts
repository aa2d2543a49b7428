import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { dynamoClient } from '../clients.js';
import { mainTable, queryPage } from './dynamo.js';

/** Append-only record of an access to personal data (DOMAIN.md §8): who, which organization, what, why. */
export interface AuditRecord {
  at: string;
  actor: string;
  org: string;
  action: string;
  /** What was accessed: a ЕНП, a file id, a list — an identifier, never the data itself. */
  subject: string;
  reason: string;
  requestId?: string;
}

/**
 * One PutItem per access, no read: a unique key (time + random id), so concurrent accesses never
 * contend. The per-day index of the whole country is spread over 16 shards by the id's first hex
 * digit: one partition key for every access of a day would be a hot partition (a GSI throttled
 * under load throttles the audited request itself). A day's review reads its 16 shards.
 */
export async function recordAudit(record: AuditRecord): Promise<void> {
  const id = randomUUID();
  await dynamoClient().send(
    new PutCommand({
      TableName: mainTable(),
      Item: {
        pk: `AUDIT#${record.org}`,
        sk: `${record.at}#${id}`,
        gsi1pk: `AUDITDAY#${record.at.slice(0, 10)}#${id[0]}`,
        gsi1sk: `${record.at}#${id}`,
        ...record,
      },
      // Never overwrite: the log is append-only.
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

export async function auditOf(org: string, cursor?: string): Promise<{ items: AuditRecord[]; cursor?: string }> {
  const page = await queryPage(
    { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `AUDIT#${org}` }, ScanIndexForward: false, Limit: 100 },
    cursor,
  );
  return { items: page.items as unknown as AuditRecord[], cursor: page.cursor };
}
