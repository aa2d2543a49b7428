import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Claim } from '../../domain/cross-region.js';
import { dynamoClient } from '../clients.js';
import { batchGet, isConditionFailure, mainTable, putIf, queryAll, queryPage, stripKeys, type Item } from './dynamo.js';

/**
 * Cross-region conflicts (shared/domain/cross-region.ts): one record per ЕНП and claiming region,
 * written three times with the same content — the record FOMS lists (`CONFLICTS`) and one view for
 * each party's TFOMS (`CONFLICTS#<region>`) — because one index serves the three lists. Every
 * write is a single-item put (no transactions on dynalite); the record is written first and
 * guards the views, so a redelivery rewrites the same three items.
 */
export type ConflictStatus = 'OPEN' | 'RESOLVED';

export interface Resolution {
  /** The region the person stays in or goes to. */
  to: string;
  at: string;
  by: string;
  org: string;
  comment: string;
}

export interface Conflict extends Claim {
  status: ConflictStatus;
  openedAt: string;
  resolution?: Resolution;
}

const claimKey = (enp: string, claimant: string) => ({ pk: `CONFLICT#${enp}`, sk: `CLAIM#${claimant}` });
const listKey = (status: ConflictStatus, c: Pick<Claim, 'enp' | 'claimant'>) => `${status}#${c.enp}#${c.claimant}`;

function items(conflict: Conflict): Item[] {
  const key = claimKey(conflict.enp, conflict.claimant);
  const gsi1sk = listKey(conflict.status, conflict);
  return [
    { ...key, gsi1pk: 'CONFLICTS', gsi1sk, ...conflict },
    ...[conflict.holder, conflict.claimant].map((region) => ({ pk: key.pk, sk: `${key.sk}#VIEW#${region}`, gsi1pk: `CONFLICTS#${region}`, gsi1sk, ...conflict })),
  ];
}

async function putViews(conflict: Conflict): Promise<void> {
  const [, ...views] = items(conflict);
  for (const Item of views) await dynamoClient().send(new PutCommand({ TableName: mainTable(), Item }));
}

/**
 * Opens (or refreshes) a claim. A later file of the claimant replaces its claim; the same file
 * again rewrites the same record; an older file, or the same file after the claim was resolved,
 * changes nothing. Returns false when the claim was not written.
 */
export async function putClaim(claim: Claim, openedAt: string): Promise<boolean> {
  const conflict: Conflict = { ...claim, status: 'OPEN', openedAt };
  const [record] = items(conflict);
  const written = await putIf(record!, 'attribute_not_exists(pk) OR src < :src OR (src = :src AND #status = :open)', { ':src': claim.src, ':open': 'OPEN' }, { '#status': 'status' });
  if (written) await putViews(conflict);
  return written;
}

/** Records FOMS's decision, only on an open claim; false when it was resolved meanwhile. */
export async function resolveClaim(conflict: Conflict, resolution: Resolution): Promise<boolean> {
  const resolved: Conflict = { ...conflict, status: 'RESOLVED', resolution };
  const [record] = items(resolved);
  try {
    await dynamoClient().send(
      new PutCommand({
        TableName: mainTable(),
        Item: record,
        ConditionExpression: '#status = :open AND src = :src',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':open': 'OPEN', ':src': conflict.src },
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
  await putViews(resolved);
  return true;
}

export async function claimsOf(enp: string, claimants: readonly string[]): Promise<Conflict[]> {
  const found = await batchGet(claimants.map((c) => claimKey(enp, c)));
  return found.map((item) => stripKeys<Conflict>(item));
}

/** Claims of many persons at once (one BatchGet per 100 keys): ЕНП → its claims. */
export async function claimsByEnp(contested: ReadonlyArray<{ enp: string; claimants: readonly string[] }>): Promise<Map<string, Conflict[]>> {
  const found = await batchGet(contested.flatMap(({ enp, claimants }) => claimants.map((c) => claimKey(enp, c))));
  const byEnp = new Map<string, Conflict[]>();
  for (const item of found) {
    const conflict = stripKeys<Conflict>(item);
    byEnp.set(conflict.enp, [...(byEnp.get(conflict.enp) ?? []), conflict]);
  }
  return byEnp;
}

/** One page of conflicts: every region's (`region` absent, FOMS) or those a region is a party to; `status` filters. */
export async function conflictsPage(region: string | undefined, status: ConflictStatus | undefined, cursor?: string): Promise<{ conflicts: Conflict[]; cursor?: string }> {
  const page = await queryPage(
    {
      IndexName: 'gsi1',
      KeyConditionExpression: status ? 'gsi1pk = :pk AND begins_with(gsi1sk, :status)' : 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': region ? `CONFLICTS#${region}` : 'CONFLICTS', ...(status ? { ':status': `${status}#` } : {}) },
      Limit: 100,
    },
    cursor,
  );
  return { conflicts: page.items.map((item) => stripKeys<Conflict>(item)), cursor: page.cursor };
}

/** Open conflicts of a region by reason, as holder and as claimant (stage 1.6 counts; conflicts are few, so all pages). */
export async function openConflictCounts(region: string): Promise<Record<'asHolder' | 'asClaimant', Record<string, number>>> {
  const counts = { asHolder: {} as Record<string, number>, asClaimant: {} as Record<string, number> };
  for await (const page of queryAll({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :open)',
    ExpressionAttributeValues: { ':pk': `CONFLICTS#${region}`, ':open': 'OPEN#' },
    ProjectionExpression: 'claimant, reason',
  })) {
    for (const { claimant, reason } of page as Array<{ claimant: string; reason: string }>) {
      const side = claimant === region ? counts.asClaimant : counts.asHolder;
      side[reason] = (side[reason] ?? 0) + 1;
    }
  }
  return counts;
}
