import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamoClient } from '../clients.js';
import { mainTable, queryPage } from './dynamo.js';

/** A file the inbox received for no flow of this system, kept aside for FOMS (GET /v1/quarantine). */
export interface QuarantinedFile {
  /** Stable per object version: a redelivered notification writes the same item. */
  id: string;
  key: string;
  versionId?: string;
  etag: string;
  size: number;
  receivedAt: string;
  /** Where the copy is kept in the inbox. */
  quarantineKey: string;
  /** Why it belongs to no flow, in Russian. */
  reason: string;
}

const PK = 'QUARANTINE';

export async function putQuarantined(file: QuarantinedFile): Promise<void> {
  await dynamoClient().send(new PutCommand({ TableName: mainTable(), Item: { pk: PK, sk: `${file.receivedAt}#${file.id}`, ...file } }));
}

/** Newest first. */
export async function quarantined(cursor?: string, limit = 100): Promise<{ files: QuarantinedFile[]; cursor?: string }> {
  const page = await queryPage({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': PK }, ScanIndexForward: false, Limit: limit }, cursor);
  return { files: page.items.map(({ pk: _p, sk: _s, ...rest }) => rest as unknown as QuarantinedFile), cursor: page.cursor };
}
