import { config } from '../../config.js';
import { covidCasesOf, personsOfShard, type StoredPerson } from '../../adapters/store/persons.js';
import { putDecisions, putShardStats, type PersonError, type StoredDecision } from '../../adapters/store/groups.js';
import { isTransient } from '../../adapters/errors.js';
import { sendMessages } from '../../adapters/sqs.js';
import { logger } from '../../adapters/lambda/logger.js';
import { claimsByEnp, type Conflict } from '../../adapters/store/conflicts.js';
import { conflictDecision, decidingClaim } from '../../domain/cross-region.js';
import { assignPriorityGroup } from '../../domain/groups.js';
import { countDecision, countInsured, emptyStats, type GroupStats } from '../../domain/group-stats.js';
import type { CovidCase } from '../../domain/records.js';
import type { RecomputeMessage } from '../../ingest/messages.js';
import { loadReferenceData } from '../../reference/load.js';
import { allCampaigns } from '../campaigns.js';

/**
 * Priority groups of a region: a message without a shard fans out one message per shard; a shard
 * message recomputes every person of the shard for every active campaign and replaces the shard's
 * stats. Decisions are derived from current data only, so reruns converge to the same result.
 *
 * One person's bad data must not stop the shard (and, redelivered five times, send it to the
 * DLQ): a person whose lookup, decision or write fails is left out of the counts and listed with
 * the reason in the shard's stats, which the stage 1.6 summary shows. Transient AWS errors still
 * fail the message, so SQS retries the shard whole.
 */
export async function recomputeGroups(message: RecomputeMessage): Promise<void> {
  const shards = config.regionShards();
  if (message.shard === undefined) {
    const fanOut = Array.from({ length: shards }, (_, shard): RecomputeMessage => ({ ...message, shard }));
    await sendMessages('groups-recompute', fanOut);
    return;
  }
  const campaigns = (await allCampaigns()).filter((c) => c.active);
  const ref = loadReferenceData();
  const stats = new Map<string, GroupStats>(campaigns.map((c) => [c.id, emptyStats()]));
  const errors = new Map<string, string>();
  const fail = (enp: string, what: string, error: unknown) => {
    if (isTransient(error)) throw error;
    errors.set(enp, `Группа не определена: ${what} (${describe(error)}); лицо не учтено в счётчиках`);
  };

  for await (const persons of personsOfShard(message.region, message.shard)) {
    const covid = await covidOrEach(persons, (p, error) => fail(p.enp, 'не удалось найти случаи COVID-19', error));
    const claims = await openClaimsOf(persons);
    const decisions: StoredDecision[] = [];
    for (const person of persons.filter((p) => covid.has(p.enp))) {
      try {
        const claim = decidingClaim(claims.get(person.enp) ?? []);
        const own = campaigns.map((campaign) => {
          const decision = claim ? conflictDecision(claim) : assignPriorityGroup({
            person,
            region: message.region,
            covid: covid.get(person.enp) ?? [],
            campaign,
            isChronic: (code) => ref.isChronicDisease(code),
          });
          const card = { fam: person.fam, im: person.im, ot: person.ot, dr: person.dr, w: person.w, phone: person.phone };
          return { enp: person.enp, campaignId: campaign.id, region: message.region, mo: person.mo, smo: person.smo, decision, card };
        });
        decisions.push(...own);
      } catch (error) {
        fail(person.enp, 'ошибка в данных лица', error);
      }
    }
    // Seed 002's denominators count every person of the export, whatever the groups decide.
    for (const person of persons) for (const s of stats.values()) countInsured(s, person, (code) => ref.isDispensaryDisease(code));
    const written = await putDecisionsOrEach(decisions, (d, error) => fail(d.enp, 'не удалось сохранить решение', error));
    for (const d of written) if (!errors.has(d.enp)) countDecision(stats.get(d.campaignId)!, d, d.decision);
  }
  const personErrors: PersonError[] = [...errors].map(([enp, reason]) => ({ enp, reason }));
  for (const campaign of campaigns) {
    await putShardStats(campaign.id, message.region, message.shard, stats.get(campaign.id)!, personErrors);
  }
  if (errors.size) logger.warn('Shard recomputed with person errors', { region: message.region, shard: message.shard, errors: errors.size });
  logger.info('Shard recomputed', { region: message.region, shard: message.shard, persons: stats.get(campaigns[0]?.id ?? '')?.persons });
}

/** Open cross-region claims on the page's persons: only those marked contested are asked (one BatchGet). */
async function openClaimsOf(persons: StoredPerson[]): Promise<Map<string, Conflict[]>> {
  const contested = persons.filter((p) => p.contestedBy?.size).map((p) => ({ enp: p.enp, claimants: [...p.contestedBy!] }));
  if (!contested.length) return new Map();
  const claims = await claimsByEnp(contested);
  for (const [enp, list] of claims) claims.set(enp, list.filter((c) => c.status === 'OPEN'));
  return claims;
}

/** COVID cases of a page; when the page's lookup is refused, person by person. */
async function covidOrEach(persons: StoredPerson[], onError: (p: StoredPerson, error: unknown) => void): Promise<Map<string, CovidCase[]>> {
  try {
    return await covidCasesOf(persons);
  } catch (error) {
    if (isTransient(error)) throw error;
    const found = new Map<string, CovidCase[]>();
    for (const person of persons) {
      try {
        found.set(person.enp, (await covidCasesOf([person])).get(person.enp) ?? []);
      } catch (single) {
        onError(person, single);
      }
    }
    return found;
  }
}

/** Writes the decisions; when the batch is refused, one person at a time. Returns those written. */
async function putDecisionsOrEach(decisions: StoredDecision[], onError: (d: StoredDecision, error: unknown) => void): Promise<StoredDecision[]> {
  try {
    await putDecisions(decisions);
    return decisions;
  } catch (error) {
    if (isTransient(error)) throw error;
    const written: StoredDecision[] = [];
    for (const d of decisions) {
      try {
        await putDecisions([d]);
        written.push(d);
      } catch (single) {
        onError(d, single);
      }
    }
    return written;
  }
}

const describe = (error: unknown): string => (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, 300);
