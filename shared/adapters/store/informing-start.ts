import type { BatchId, IsoDate } from '../../domain/records.js';
import { putIf, queryAll, stripKeys } from './dynamo.js';

/**
 * When an SMO started informing a region batch (seed 000 4.3/4.5): its first delivery (file or API
 * request) with accepted results of the batch, as `INFSTART#<campaign>#<region>` / `<batch>#<smo>`.
 * The earliest receipt is kept whatever order deliveries are checked in, and a rerun after a
 * crash writes nothing new.
 */
export interface InformingStart {
  campaignId: string;
  region: string;
  batch: BatchId;
  smo: string;
  receivedAt: string;
  /** Earliest informing date among the delivery's accepted rows of the batch. */
  date: IsoDate;
  source: 'file' | 'api';
  sourceId: string;
}

const pkOf = (campaignId: string, region: string) => `INFSTART#${campaignId}#${region}`;

/** True when this delivery is now the batch's first (earlier than any noted). */
export function noteInformingStart(start: InformingStart): Promise<boolean> {
  const item = { pk: pkOf(start.campaignId, start.region), sk: `${start.batch}#${start.smo}`, ...start };
  return putIf(item, 'attribute_not_exists(pk) OR receivedAt > :at', { ':at': start.receivedAt });
}

/** Every SMO and batch of a region that has started informing in a campaign. */
export async function informingStartsOf(campaignId: string, region: string): Promise<InformingStart[]> {
  const out: InformingStart[] = [];
  for await (const page of queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pkOf(campaignId, region) }, ConsistentRead: true })) {
    out.push(...page.map((i) => stripKeys<InformingStart>(i)));
  }
  return out;
}
