import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { GroupDecision } from '../../domain/groups.js';
import { emptyStats, mergeStats, type GroupStats } from '../../domain/group-stats.js';
import { dynamoClient } from '../clients.js';
import { batchPut, mainTable, queryAll, queryPage, type Item } from './dynamo.js';

/**
 * A person's decision for a campaign lives beside the person (`P#<enp>` / `GRP#<campaign>`).
 * Excluded persons are indexed per region for the exclusion list; eligible ones per MO for the
 * per-MO lists of the next stages. Items carry no timestamps: recomputing writes identical items.
 */
export interface StoredDecision {
  enp: string;
  campaignId: string;
  region: string;
  mo: string;
  smo: string;
  decision: GroupDecision;
  /** What the per-MO «абонентский пункт» shows of the person (DOMAIN.md §3.4), so forming is one query. */
  card?: PersonCard;
}

export interface PersonCard {
  fam: string;
  im: string;
  ot?: string;
  dr: string;
  w: 1 | 2;
  phone?: string;
}

export function decisionItem(d: StoredDecision): Item {
  const index = d.decision.eligible
    ? { gsi1pk: `MOLIST#${d.campaignId}#${d.mo}`, gsi1sk: `${d.decision.group}#${d.enp}` }
    : { gsi1pk: `EXCL#${d.campaignId}#${d.region}`, gsi1sk: `${d.decision.exclusion}#${d.enp}` };
  return { pk: `P#${d.enp}`, sk: `GRP#${d.campaignId}`, ...index, ...d };
}

export async function putDecisions(decisions: StoredDecision[]): Promise<void> {
  await batchPut(decisions.map(decisionItem));
}

export async function getDecision(enp: string, campaignId: string): Promise<StoredDecision | undefined> {
  const out = await dynamoClient().send(new GetCommand({ TableName: mainTable(), Key: { pk: `P#${enp}`, sk: `GRP#${campaignId}` } }));
  return out.Item as StoredDecision | undefined;
}

export async function exclusionsPage(campaignId: string, region: string, cursor?: string, limit = 100) {
  const page = await queryPage(
    {
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': `EXCL#${campaignId}#${region}` },
      Limit: limit,
    },
    cursor,
  );
  return { items: page.items as unknown as StoredDecision[], cursor: page.cursor };
}

/** A person whose group could not be decided in a recompute, with the reason in Russian. */
export interface PersonError {
  enp: string;
  reason: string;
}

/** Persons listed per shard item (the count is kept whole): the item stays far below 400 KB. */
const MAX_LISTED_ERRORS = 100;

/** Stats of one shard replace the shard's previous ones whole (idempotent), with its person errors. */
export async function putShardStats(campaignId: string, region: string, shard: number, stats: GroupStats, errors: PersonError[] = []): Promise<void> {
  await dynamoClient().send(
    new PutCommand({
      TableName: mainTable(),
      Item: {
        pk: `STATS#${campaignId}#${region}`,
        sk: `SHARD#${String(shard).padStart(3, '0')}`,
        stats: JSON.stringify(stats),
        errorCount: errors.length,
        errors: JSON.stringify(errors.slice(0, MAX_LISTED_ERRORS)),
        computedAt: new Date().toISOString(),
      },
    }),
  );
}

/**
 * The region's counts over its shards; `computedAt` is when the last shard was (re)computed;
 * `errors` the persons left out of the counts (at most 100 listed per shard, `errorCount` all).
 */
export async function regionStats(
  campaignId: string,
  region: string,
): Promise<{ stats: GroupStats; shards: number; computedAt?: string; errorCount: number; errors: PersonError[] }> {
  const total = emptyStats();
  let shards = 0;
  let computedAt: string | undefined;
  let errorCount = 0;
  const errors: PersonError[] = [];
  for await (const page of queryAll({
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': `STATS#${campaignId}#${region}` },
  })) {
    for (const item of page) {
      mergeStats(total, JSON.parse(item.stats as string) as GroupStats);
      shards++;
      errorCount += (item.errorCount as number | undefined) ?? 0;
      if (item.errors) errors.push(...(JSON.parse(item.errors as string) as PersonError[]));
      const at = item.computedAt as string | undefined;
      if (at && (!computedAt || at > computedAt)) computedAt = at;
    }
  }
  return { stats: total, shards, computedAt, errorCount, errors: errors.sort((a, b) => a.enp.localeCompare(b.enp)) };
}

/** Eligible persons of one MO in one priority group, by ЕНП, page by page (the per-MO list). */
export async function* moListOf(campaignId: string, mo: string, group: number): AsyncGenerator<StoredDecision[]> {
  for await (const page of queryAll({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :g)',
    ExpressionAttributeValues: { ':pk': `MOLIST#${campaignId}#${mo}`, ':g': `${group}#` },
  })) {
    yield page as unknown as StoredDecision[];
  }
}
