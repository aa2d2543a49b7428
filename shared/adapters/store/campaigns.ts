import type { BatchId, IsoDate } from '../../domain/records.js';
import { putIf, queryAll, stripKeys } from './dynamo.js';

/**
 * Campaigns FOMS created through the API, in the main table: one partition `CAMPAIGNS`, one item
 * per campaign (sk = id), written once with a conditional put — an id is never reused, and two
 * creations racing for one id end with one winner and a 409. The partition holds a handful of
 * items: one query lists them. Dates of stages 2–3 are not stored here: they come from the
 * campaign's schedule (shared/services/campaigns.ts).
 */
export interface StoredCampaign {
  id: string;
  name: string;
  referenceDate: IsoDate;
  active: boolean;
  examWindow: { from: IsoDate; to: IsoDate };
  batches: BatchId[];
  createdAt: string;
  createdBy: string;
  createdByOrg: string;
}

const PK = 'CAMPAIGNS';

/** Stores a new campaign; false when the id is taken. */
export function putCampaign(campaign: StoredCampaign): Promise<boolean> {
  return putIf({ pk: PK, sk: campaign.id, ...campaign });
}

/** Every campaign created through the API, by id. */
export async function storedCampaigns(): Promise<StoredCampaign[]> {
  const out: StoredCampaign[] = [];
  for await (const page of queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': PK }, ConsistentRead: true })) {
    out.push(...page.map((i) => stripKeys<StoredCampaign>(i)));
  }
  return out;
}
