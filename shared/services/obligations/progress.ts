import { campaignObligationsOfParty, campaignViolationsOf } from '../../adapters/store/obligations.js';
import { forEachLimited } from '../../adapters/store/dynamo.js';
import type { Obligation, Violation } from '../../obligations/model.js';
import { regionProgress, type RegionProgress } from '../../obligations/progress.js';
import { resolveDueDays } from '../../obligations/schedule.js';
import { loadReferenceData } from '../../reference/load.js';
import { currentCalendar } from '../calendar.js';
import { scheduleOf } from '../campaigns.js';

/** Regions read at once: two small key queries each (the TFOMS's steps, the campaign's violations). */
const REGIONS_IN_FLIGHT = 16;

export interface CampaignProgress {
  campaignId: string;
  scheduleVersion: number;
  regions: RegionProgress[];
}

/**
 * Every region's progress through a campaign's schedule in one answer: FOMS's own steps in one
 * query, then per region its TFOMS's steps and its violations of the campaign — about 2 × 85 small
 * queries, never the thousands of MO obligations. Undefined when the campaign has no schedule.
 */
export async function campaignProgress(campaignId: string, now: Date): Promise<CampaignProgress | undefined> {
  const current = await scheduleOf(campaignId);
  if (!current) return undefined;
  const days = resolveDueDays(current.schedule, await currentCalendar());
  const regions = [...loadReferenceData().regions.values()].sort((a, b) => a.code.localeCompare(b.code));
  const federal = await campaignObligationsOfParty(campaignId, 'FOMS');
  const read = new Map<string, { own: Obligation[]; violations: Violation[] }>();
  await forEachLimited(regions, REGIONS_IN_FLIGHT, async (region) => {
    const [tfoms, violations] = await Promise.all([campaignObligationsOfParty(campaignId, region.code), campaignViolationsOf(region.code, campaignId)]);
    read.set(region.code, { own: [...federal.filter((o) => o.region === region.code), ...tfoms], violations });
  });
  return {
    campaignId,
    scheduleVersion: current.version,
    regions: regions.map((region) => {
      const { own, violations } = read.get(region.code)!;
      return regionProgress(current.schedule, days, region, own, violations, now);
    }),
  };
}
