import { populatedRegions } from '../../adapters/store/persons.js';
import { sendMessages } from '../../adapters/sqs.js';
import type { RecomputeMessage } from '../../ingest/messages.js';
import { allCampaigns, campaignCacheSeconds, campaignOf, campaignOrNotFound, CampaignRequest, createCampaign, type CampaignInForce } from '../campaigns.js';
import { loadSchedule } from '../obligations/plan.js';
import { audit } from './audit.js';
import { ApiError, created, ok, parseBody, principalOf, type RouteHandler } from './http.js';

const CAMPAIGNS = '/v1/campaigns';

/**
 * A campaign as the API shows it: the record, and each batch's dates from the schedule in force.
 * Every registered user reads it, so the creator's СНИЛС stays out (the audit log has it).
 */
function view({ createdBy: _by, ...c }: CampaignInForce) {
  return { ...c, plan: c.plan ?? null };
}

/** Campaigns (seed 000): FOMS creates one with its schedule; every registered user reads them. */
export const CAMPAIGN_HANDLERS: Record<string, RouteHandler> = {
  [`GET ${CAMPAIGNS}`]: async () => ok({ campaigns: (await allCampaigns()).map(view) }),

  [`GET ${CAMPAIGNS}/{campaignId}`]: async (request) => {
    return ok(view(await campaignOrNotFound(request.pathParameters.campaignId ?? '')));
  },

  [`POST ${CAMPAIGNS}`]: async (request) => {
    const principal = principalOf(request);
    const body = parseBody(CampaignRequest, request.body);
    const now = new Date();
    const made = await createCampaign(body, principal, now);
    if (!made.ok) throw new ApiError(made.status, made.code, made.message);
    await audit(request, principal, 'campaign-create', `campaign/${made.campaign.id}`, `Кампания «${made.campaign.name}» создана с графиком`);
    // The schedule becomes version 1 the way PUT …/schedule loads it: obligations are planned per region.
    const loaded = await loadSchedule(made.campaign.id, made.schedule, principal.snils, now);
    if (!loaded.ok) throw new ApiError(loaded.status, 'BAD_SCHEDULE', [loaded.message, ...(loaded.errors ?? [])].join('; '));
    // Lists already loaded get the new campaign's priority groups (its reference date) without a new
    // export; delayed past the campaign cache, so a warm recompute container has read it again.
    const regions = await populatedRegions();
    const recompute = regions.map((region): RecomputeMessage => ({ region, reason: `кампания ${made.campaign.id} создана` }));
    await sendMessages('groups-recompute', recompute, { delaySeconds: campaignCacheSeconds() });
    const campaign = await campaignOf(made.campaign.id);
    return created({ ...view(campaign!), regionsPlanned: loaded.regions });
  },
};
