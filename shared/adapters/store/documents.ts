import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { OmsDocument } from '../../access/documents.js';
import type { RegistryData } from '../../access/payloads.js';
import { dynamoClient } from '../clients.js';
import { regionOfOrg } from '../../access/model.js';
import { isConditionFailure, mainTable, queryAll, queryPage, stripKeys } from './dynamo.js';

/**
 * Documents (`DOC#<id>` / `META`), listed per organization and kind through gsi1; a document
 * sent to the TFOMS also has an inbox item (`DOCINBOX#<region>` / `<id>`) until it is decided.
 * Writes are guarded by `version`, so two people acting at once cannot overwrite each other.
 */
const key = (docId: string) => ({ pk: `DOC#${docId}`, sk: 'META' });

export async function getDocument(docId: string): Promise<OmsDocument | undefined> {
  const out = await dynamoClient().send(new GetCommand({ TableName: mainTable(), Key: key(docId), ConsistentRead: true }));
  if (!out.Item) return undefined;
  const { pk: _pk, sk: _sk, gsi1pk: _a, gsi1sk: _b, ...doc } = out.Item;
  return doc as OmsDocument;
}

/** False when someone changed the document since `expectedVersion` was read. */
export async function saveDocument(doc: OmsDocument, expectedVersion?: number): Promise<boolean> {
  try {
    await dynamoClient().send(
      new PutCommand({
        TableName: mainTable(),
        Item: { ...key(doc.docId), gsi1pk: `DOCS#${doc.org}#${doc.kind}`, gsi1sk: `${doc.updatedAt}#${doc.docId}`, ...doc },
        ConditionExpression: expectedVersion === undefined ? 'attribute_not_exists(pk)' : 'version = :v',
        ExpressionAttributeValues: expectedVersion === undefined ? undefined : { ':v': expectedVersion },
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
  const inbox = { pk: `DOCINBOX#${doc.region}`, sk: doc.docId };
  if (doc.status === 'sent') await dynamoClient().send(new PutCommand({ TableName: mainTable(), Item: { ...inbox, org: doc.org, kind: doc.kind, sentAt: doc.updatedAt } }));
  else await dynamoClient().send(new DeleteCommand({ TableName: mainTable(), Key: inbox }));
  return true;
}

export async function documentsOf(org: string, kind: string, cursor?: string) {
  const page = await queryPage(
    { IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': `DOCS#${org}#${kind}` }, ScanIndexForward: false, Limit: 50 },
    cursor,
  );
  return { documents: page.items.map(({ pk: _p, sk: _s, gsi1pk: _a, gsi1sk: _b, ...d }) => d as unknown as OmsDocument), cursor: page.cursor };
}

export async function inboxOf(region: string): Promise<Array<{ docId: string; org: string; kind: string; sentAt: string }>> {
  const items = [];
  for await (const page of queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `DOCINBOX#${region}` } })) {
    items.push(...page.map((i) => ({ docId: i.sk as string, org: i.org as string, kind: i.kind as string, sentAt: i.sentAt as string })));
  }
  return items;
}

/**
 * An accepted A-notification: a dated version of the MO's registry entry, kept per region
 * (`MOREG#<region>` / `<mo>#<effectiveFrom>#<docId>`) so a region's registry is one query.
 */
export interface RegistryVersion {
  mo: string;
  effectiveFrom: string;
  /** Absent for a change of data: the MO stays in or out as it was. */
  included?: boolean;
  data: RegistryData;
  docId: string;
  acceptedAt: string;
}

const registryPk = (mo: string) => `MOREG#${regionOfOrg(mo) ?? mo}`;

export async function putRegistryVersion(v: RegistryVersion): Promise<void> {
  await dynamoClient().send(new PutCommand({ TableName: mainTable(), Item: { pk: registryPk(v.mo), sk: `${v.mo}#${v.effectiveFrom}#${v.docId}`, ...v } }));
}

async function readVersions(KeyConditionExpression: string, ExpressionAttributeValues: Record<string, string>): Promise<RegistryVersion[]> {
  const versions: RegistryVersion[] = [];
  for await (const page of queryAll({ KeyConditionExpression, ExpressionAttributeValues, ConsistentRead: true })) versions.push(...page.map((i) => stripKeys<RegistryVersion>(i)));
  return versions;
}

/** One MO's versions. */
export function registryVersions(mo: string): Promise<RegistryVersion[]> {
  return readVersions('pk = :pk AND begins_with(sk, :mo)', { ':pk': registryPk(mo), ':mo': `${mo}#` });
}

/** Every version of a region's MOs: a few per MO a year, so one query however many MOs. */
export function regionRegistryVersions(region: string): Promise<RegistryVersion[]> {
  return readVersions('pk = :pk', { ':pk': `MOREG#${region}` });
}
