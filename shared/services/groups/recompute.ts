import { config } from '../../config.js';
import { covidCasesOf, personsOfShard } from '../../adapters/store/persons.js';
import { putDecisions, putShardStats, type StoredDecision } from '../../adapters/store/groups.js';
import { sendMessages } from '../../adapters/sqs.js';
import { logger } from '../../adapters/lambda/logger.js';
import { assignPriorityGroup } from '../../domain/groups.js';
import { countDecision, emptyStats, type GroupStats } from '../../domain/group-stats.js';
import type { RecomputeMessage } from '../../ingest/messages.js';
import { loadCampaigns, loadReferenceData } from '../../reference/load.js';

/**
 * Priority groups of a region: a message without a shard fans out one message per shard; a shard
 * message recomputes every person of the shard for every active campaign and replaces the shard's
 * stats. Decisions are derived from current data only, so reruns converge to the same result.
 */
export async function recomputeGroups(message: RecomputeMessage): Promise<void> {
  const shards = config.regionShards();
  if (message.shard === undefined) {
    const fanOut = Array.from({ length: shards }, (_, shard): RecomputeMessage => ({ ...message, shard }));
    await sendMessages('groups-recompute', fanOut);
    return;
  }
  const campaigns = loadCampaigns().filter((c) => c.active);
  const ref = loadReferenceData();
  const stats = new Map<string, GroupStats>(campaigns.map((c) => [c.id, emptyStats()]));
  for await (const persons of personsOfShard(message.region, message.shard)) {
    const covid = await covidCasesOf(persons);
    const decisions: StoredDecision[] = [];
    for (const person of persons) {
      for (const campaign of campaigns) {
        const decision = assignPriorityGroup({
          person,
          region: message.region,
          covid: covid.get(person.enp) ?? [],
          campaign,
          isChronic: (code) => ref.isChronicDisease(code),
        });
        countDecision(stats.get(campaign.id)!, person, decision);
        const card = { fam: person.fam, im: person.im, ot: person.ot, dr: person.dr, w: person.w, phone: person.phone };
        decisions.push({ enp: person.enp, campaignId: campaign.id, region: message.region, mo: person.mo, smo: person.smo, decision, card });
      }
    }
    await putDecisions(decisions);
  }
  for (const campaign of campaigns) {
    await putShardStats(campaign.id, message.region, message.shard, stats.get(campaign.id)!);
  }
  logger.info('Shard recomputed', { region: message.region, shard: message.shard, persons: stats.get(campaigns[0]?.id ?? '')?.persons });
}
