import type { CampaignPlan } from '../../domain/records.js';
import { findCampaign } from '../../reference/load.js';
import { ApiError } from '../api/http.js';

/** Who acts on a stage: a user's СНИЛС and organization, or the schedule. */
export interface Actor {
  by: string;
  org: string;
}

export const SCHEDULE: Actor = { by: 'schedule', org: 'FOMS' };

/** The plan of stages 2–3 of a campaign; a campaign without one cannot form files. */
export function planOf(campaignId: string): CampaignPlan {
  const campaign = findCampaign(campaignId);
  if (!campaign) throw new ApiError(404, 'CAMPAIGN_NOT_FOUND', `Кампания «${campaignId}» не найдена.`);
  if (!campaign.plan) throw new ApiError(409, 'CAMPAIGN_NOT_PLANNED', `У кампании «${campaign.name}» нет графика этапов 2–3 (период проведения и даты партий).`);
  return campaign.plan;
}
