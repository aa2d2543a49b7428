import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ReturnLoader } from '../../abonent/stage.js';
import { dynamoClient } from '../clients.js';
import { mainTable } from './dynamo.js';

/*
 * Who was handed the signed PUT URL of one returned-file key (seed 000 x.2–x.3): the MO itself,
 * or its TFOMS loading the file on the MO's behalf (2.3/3.3). The key is the server's choice and
 * unique per grant, so the file that lands there was loaded by this caller. Kept as
 * `RETGRANT#<inbox key>` until the return is checked (the check copies it into the return's view);
 * expired by TTL after GRANT_DAYS.
 */

const GRANT_DAYS = 30;
const keyOf = (inboxKey: string) => ({ pk: `RETGRANT#${inboxKey}`, sk: 'GRANT' });

export async function putReturnGrant(inboxKey: string, loader: ReturnLoader): Promise<void> {
  const expiresAt = Math.floor(Date.parse(loader.at) / 1000) + GRANT_DAYS * 86_400;
  await dynamoClient().send(new PutCommand({ TableName: mainTable(), Item: { ...keyOf(inboxKey), ...loader, expiresAt } }));
}

/** Undefined for a key signed before grants were kept (or long expired). */
export async function returnLoaderOf(inboxKey: string): Promise<ReturnLoader | undefined> {
  const out = await dynamoClient().send(new GetCommand({ TableName: mainTable(), Key: keyOf(inboxKey), ConsistentRead: true }));
  if (!out.Item) return undefined;
  const { org, by, at, onBehalf } = out.Item as ReturnLoader;
  return { org, by, at, onBehalf };
}
