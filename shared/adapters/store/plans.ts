import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { PlanEntry } from '../../abonent/returned.js';
import type { BatchId } from '../../domain/records.js';
import { dynamoClient } from '../clients.js';
import { forEachLimited, isConditionFailure, mainTable } from './dynamo.js';

/**
 * Registry entries of the campaign (DOMAIN.md §2, x.3): a person's planned examination as the MO returned
 * it, beside the person (`P#<enp>` / `PLAN#<campaign>`), indexed per SMO for stage 4's informing
 * files. A later return supersedes an earlier one; replaying the same return writes the same item.
 */
export interface StoredPlan extends PlanEntry {
  campaignId: string;
  region: string;
  batch: BatchId;
  mo: string;
  smo: string;
  /** The abonent file and the returned file that carried the entry. */
  fileId: string;
  returnFileId: string;
  receivedAt: string;
}

const key = (enp: string, campaignId: string) => ({ pk: `P#${enp}`, sk: `PLAN#${campaignId}` });

/** Writes entries, 16 in flight; an entry of an older return never overwrites a newer one. */
export async function putPlans(plans: StoredPlan[]): Promise<number> {
  let written = 0;
  await forEachLimited(plans, 16, async (plan) => {
    try {
      await dynamoClient().send(
        new PutCommand({
          TableName: mainTable(),
          Item: {
            ...key(plan.enp, plan.campaignId),
            gsi1pk: `PLANS#${plan.campaignId}#${plan.batch}#${plan.smo}`,
            gsi1sk: `${plan.region}#${plan.mo}#${plan.enp}`,
            ...plan,
          },
          ConditionExpression: 'attribute_not_exists(pk) OR receivedAt <= :at',
          ExpressionAttributeValues: { ':at': plan.receivedAt },
        }),
      );
      written++;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  });
  return written;
}

export async function getPlan(enp: string, campaignId: string): Promise<StoredPlan | undefined> {
  const out = await dynamoClient().send(new GetCommand({ TableName: mainTable(), Key: key(enp, campaignId) }));
  if (!out.Item) return undefined;
  const { pk: _p, sk: _s, gsi1pk: _a, gsi1sk: _b, ...plan } = out.Item;
  return plan as StoredPlan;
}
