import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Notification, Obligation, Violation } from '../../obligations/model.js';
import type { ObligationRepo } from '../../obligations/ports.js';
import type { CampaignSchedule } from '../../obligations/schedule.js';
import { dynamoClient } from '../clients.js';
import { forEachLimited, mainTable, putIf, queryAll, queryFirst, queryPage, stripKeys, updateWhere, type Item } from './dynamo.js';

/**
 * Obligations, violations, notifications and schedules in the main table.
 * - obligation: `OBL#<party code>` / `<id>`; indexed `OBLOPEN#<region>` while evaluation still
 *   looks at it, then `OBLDONE#<region>#<YYYY-MM of due>` (gsi1sk `<dueAt>#<id>`), so a run reads
 *   only what is open and a region's month is one query.
 * - violation: `VIOL#<region>` / `<obligation id>`, indexed `VIOLORG#<org>` by detection time.
 * - notification: `NOTE#<org>` / `<at>#<id>` (deterministic: a re-sent one overwrites itself).
 * - schedule: `SCHEDULE#<campaign>` / `CURRENT` (versioned) and `V#<nnnn>` (each version kept).
 */

const obligationKey = (ob: Pick<Obligation, 'party' | 'id'>) => ({ pk: `OBL#${ob.party.code}`, sk: ob.id });
const obligationIndex = (ob: Obligation, open: boolean) => ({
  gsi1pk: open ? `OBLOPEN#${ob.region}` : `OBLDONE#${ob.region}#${ob.dueAt.slice(0, 7)}`,
  gsi1sk: `${ob.dueAt}#${ob.id}`,
});

/** Every item of a query, keys stripped. */
async function queryItems<T>(input: Parameters<typeof queryAll>[0]): Promise<T[]> {
  const out: T[] = [];
  for await (const page of queryAll(input)) out.push(...page.map((i) => stripKeys<T>(i)));
  return out;
}

/** Creates an obligation once; false when it exists (a schedule loaded twice creates nothing). */
export function createObligation(ob: Obligation): Promise<boolean> {
  return putIf({ ...obligationKey(ob), ...obligationIndex(ob, true), ...ob });
}

export async function getObligation(partyCode: string, id: string): Promise<Obligation | undefined> {
  const out = await dynamoClient().send(new GetCommand({ TableName: mainTable(), Key: { pk: `OBL#${partyCode}`, sk: id }, ConsistentRead: true }));
  return out.Item ? stripKeys<Obligation>(out.Item) : undefined;
}

/** Replaces an obligation if its version is still `expectedVersion`; `close` moves it off the open index. */
export function saveObligation(ob: Obligation, expectedVersion: number, close: boolean): Promise<boolean> {
  const open = !close && (ob.state === 'OPEN' || ob.state === 'OVERDUE');
  return putIf({ ...obligationKey(ob), ...obligationIndex(ob, open), ...ob }, 'version = :v', { ':v': expectedVersion });
}

export async function openObligationsOf(region: string): Promise<Obligation[]> {
  return queryItems<Obligation>({ IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': `OBLOPEN#${region}` } });
}

/** Obligations of a region due in a month that evaluation has closed (met, cancelled, closed overdue). */
export async function closedObligationsOf(region: string, month: string): Promise<Obligation[]> {
  return queryItems<Obligation>({ IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': `OBLDONE#${region}#${month}` } });
}

/** An organization's obligations, newest ids last, a page at a time. */
export async function obligationsOfOrg(org: string, cursor?: string, limit = 100): Promise<{ obligations: Obligation[]; cursor?: string }> {
  const page = await queryPage({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `OBL#${org}` }, Limit: limit }, cursor);
  return { obligations: page.items.map((i) => stripKeys<Obligation>(i)), cursor: page.cursor };
}

/** One organization's obligations of a campaign, any state, every region. */
export async function campaignObligationsOfParty(campaignId: string, partyCode: string): Promise<Obligation[]> {
  return queryItems<Obligation>({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': `OBL#${partyCode}`, ':prefix': `c.${campaignId}.` },
  });
}

/** Every obligation of one campaign and region, any state (what a new schedule is compared with). */
export async function campaignObligationsOf(campaignId: string, region: string, partyCodes: string[]): Promise<Obligation[]> {
  // One query per party, a few in flight: a region's planning reads its ~200 parties in ~25 round trips.
  const byParty: Obligation[][] = new Array(partyCodes.length);
  await forEachLimited([...partyCodes.entries()], 8, async ([i, code]) => {
    byParty[i] = (await campaignObligationsOfParty(campaignId, code)).filter((o) => o.region === region);
  });
  return byParty.flat();
}

export function createViolation(v: Violation): Promise<boolean> {
  return putIf({ pk: `VIOL#${v.region}`, sk: v.obligationId, gsi1pk: `VIOLORG#${v.party.code}`, gsi1sk: `${v.detectedAt}#${v.obligationId}`, ...v });
}

export async function getViolation(region: string, obligationId: string): Promise<Violation | undefined> {
  const out = await dynamoClient().send(new GetCommand({ TableName: mainTable(), Key: { pk: `VIOL#${region}`, sk: obligationId }, ConsistentRead: true }));
  return out.Item ? stripKeys<Violation>(out.Item) : undefined;
}

export async function markViolation(region: string, obligationId: string, changes: Partial<Violation>): Promise<boolean> {
  const field = 'resolvedAt' in changes ? 'resolvedAt' : 'escalatedAt';
  return updateWhere({ pk: `VIOL#${region}`, sk: obligationId }, changes, {
    expression: 'attribute_exists(pk) AND attribute_not_exists(#f)',
    names: { '#f': field },
  });
}

export async function violationsOfRegion(region: string, cursor?: string, limit = 100): Promise<{ violations: Violation[]; cursor?: string }> {
  const page = await queryPage({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `VIOL#${region}` }, Limit: limit }, cursor);
  return { violations: page.items.map((i) => stripKeys<Violation>(i)), cursor: page.cursor };
}

/** A region's violations of one campaign's steps (their obligation ids start `c.<campaign>.`). */
export async function campaignViolationsOf(region: string, campaignId: string): Promise<Violation[]> {
  return queryItems<Violation>({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': `VIOL#${region}`, ':prefix': `c.${campaignId}.` },
  });
}

export async function violationsOfOrg(org: string, since = ''): Promise<Violation[]> {
  return queryItems<Violation>({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk >= :since',
    ExpressionAttributeValues: { ':pk': `VIOLORG#${org}`, ':since': since },
  });
}

/** Stores a notification under its deterministic id: delivering it again overwrites the same item. */
export async function putNotification(n: Notification): Promise<void> {
  await dynamoClient().send(new PutCommand({ TableName: mainTable(), Item: { pk: `NOTE#${n.to}`, sk: `${n.at}#${n.id}`, ...n } }));
}

export async function notificationsOf(org: string, since = '', limit = 100): Promise<Notification[]> {
  const items = await queryFirst({
    KeyConditionExpression: 'pk = :pk AND sk >= :since',
    ExpressionAttributeValues: { ':pk': `NOTE#${org}`, ':since': since },
    Limit: limit,
  });
  return items.map((i) => stripKeys<Notification>(i));
}

/** A marker written once per key (e.g. «daily duties of region R for day D are planned»). */
export function claimOnce(pk: string, sk: string, at: string): Promise<boolean> {
  return putIf({ pk, sk, at });
}

export async function hasMarker(pk: string, sk: string): Promise<boolean> {
  const out = await dynamoClient().send(new GetCommand({ TableName: mainTable(), Key: { pk, sk }, ConsistentRead: true }));
  return Boolean(out.Item);
}

export interface StoredSchedule {
  schedule: CampaignSchedule;
  version: number;
  loadedAt: string;
  loadedBy: string;
}

export async function getSchedule(campaignId: string): Promise<StoredSchedule | undefined> {
  const out = await dynamoClient().send(new GetCommand({ TableName: mainTable(), Key: { pk: `SCHEDULE#${campaignId}`, sk: 'CURRENT' }, ConsistentRead: true }));
  return out.Item ? { schedule: JSON.parse(out.Item.schedule as string) as CampaignSchedule, version: out.Item.version as number, loadedAt: out.Item.loadedAt as string, loadedBy: out.Item.loadedBy as string } : undefined;
}

/** Every stored version of a schedule, oldest first: number, when and by whom (not the steps). */
export async function scheduleVersions(campaignId: string): Promise<Array<Omit<StoredSchedule, 'schedule'>>> {
  const out: Array<Omit<StoredSchedule, 'schedule'>> = [];
  for await (const page of queryAll({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': `SCHEDULE#${campaignId}`, ':prefix': 'V#' },
    ProjectionExpression: 'version, loadedAt, loadedBy',
  })) {
    out.push(...page.map((i) => ({ version: i.version as number, loadedAt: i.loadedAt as string, loadedBy: i.loadedBy as string })));
  }
  return out;
}

/** Saves a new version of a schedule if the current one is still `expectedVersion` (0: none yet). */
export async function saveSchedule(stored: StoredSchedule, expectedVersion: number): Promise<boolean> {
  const item = { schedule: JSON.stringify(stored.schedule), version: stored.version, loadedAt: stored.loadedAt, loadedBy: stored.loadedBy };
  const current = { pk: `SCHEDULE#${stored.schedule.campaignId}`, sk: 'CURRENT', ...item };
  const saved = expectedVersion === 0 ? await putIf(current) : await putIf(current, 'version = :v', { ':v': expectedVersion });
  if (!saved) return false;
  await dynamoClient().send(new PutCommand({ TableName: mainTable(), Item: { pk: `SCHEDULE#${stored.schedule.campaignId}`, sk: `V#${String(stored.version).padStart(4, '0')}`, ...item } }));
  return true;
}

/** The DynamoDB side of evaluation. */
export const dynamoObligationRepo: ObligationRepo = {
  openOf: openObligationsOf,
  save: saveObligation,
  createViolation,
  getViolation,
  markViolation,
  async violationsOfOrgSince(org, since) {
    return (await violationsOfOrg(org, since)).length;
  },
};
