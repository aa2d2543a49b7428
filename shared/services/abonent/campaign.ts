import type { BatchId, BatchSchedule, CampaignPlan } from '../../domain/records.js';
import { ApiError } from '../api/http.js';
import { campaignOrNotFound } from '../campaigns.js';

/** Who acts on a stage: a user's СНИЛС and organization, or the schedule. */
export interface Actor {
  by: string;
  org: string;
}

export const SCHEDULE: Actor = { by: 'schedule', org: 'FOMS' };

/** The plan of stages 2–3 of a campaign, dated by its schedule in force; a campaign without one cannot form files. */
export async function planOf(campaignId: string): Promise<CampaignPlan> {
  const campaign = await campaignOrNotFound(campaignId);
  if (!campaign.plan) throw new ApiError(409, 'CAMPAIGN_NOT_PLANNED', `У кампании «${campaign.name}» нет графика этапов 2–3 (период проведения и даты партий).`);
  return campaign.plan;
}

/** One batch's dates; a batch the campaign does not run is a 409. */
export function batchOf(plan: CampaignPlan, campaignId: string, batch: BatchId): BatchSchedule {
  const dates = plan.batches[batch];
  if (!dates) throw new ApiError(409, 'BATCH_NOT_IN_CAMPAIGN', `Кампания «${campaignId}» не проводит партию ${batch}.`);
  return dates;
}
