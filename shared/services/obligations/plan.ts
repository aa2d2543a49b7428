import {
  campaignObligationsOf,
  claimOnce,
  createObligation,
  getSchedule,
  hasMarker,
  saveObligation,
  saveSchedule,
  type StoredSchedule,
} from '../../adapters/store/obligations.js';
import { forEachLimited } from '../../adapters/store/dynamo.js';
import { sendMessages } from '../../adapters/sqs.js';
import type { Obligation } from '../../obligations/model.js';
import { campaignObligations, dailyObligations, planChanges, type RegionParties } from '../../obligations/plan.js';
import { batchDatesOf } from '../../obligations/batch-dates.js';
import { parseSchedule } from '../../obligations/schedule.js';
import { loadReferenceData } from '../../reference/load.js';
import type { Region } from '../../reference/types.js';
import { currentCalendar } from '../calendar.js';
import { mosInForce, regionToday } from '../mo-registry.js';
import { campaignOf, forgetCampaigns } from '../campaigns.js';

export const PLAN_QUEUE = 'obligations-plan';

/**
 * Conditional writes of one plan in flight at once: each obligation is its own item and its own
 * condition, so their order does not matter, and a region's ~20–200 writes are not paid one round
 * trip after another.
 */
const WRITES_IN_FLIGHT = 8;

export interface PlanMessage {
  campaignId: string;
  region: string;
  version: number;
}

export type LoadScheduleResult =
  | { ok: true; stored: StoredSchedule; regions: number }
  | { ok: false; status: 400 | 404 | 409; message: string; errors?: string[] };

/**
 * FOMS loads (or replaces) a campaign's schedule: stored as a new version, then one message per
 * region plans that region's obligations (creates new ones, moves the open ones). The same version
 * dates the stages' work (shared/services/campaigns.ts), so it must date every batch of the campaign.
 */
export async function loadSchedule(campaignId: string, json: unknown, by: string, now: Date): Promise<LoadScheduleResult> {
  const campaign = await campaignOf(campaignId);
  if (!campaign) return { ok: false, status: 404, message: `Кампания ${campaignId} не найдена` };
  const parsed = parseSchedule(json);
  if (!parsed.ok) return { ok: false, status: 400, message: 'График не принят: ошибки в данных', errors: parsed.errors };
  if (parsed.schedule.campaignId !== campaignId) {
    return { ok: false, status: 400, message: `График кампании ${parsed.schedule.campaignId} нельзя загрузить в кампанию ${campaignId}` };
  }
  const dated = batchDatesOf(parsed.schedule, campaign.batches, await currentCalendar());
  if (!dated.ok) return { ok: false, status: 400, message: 'График не датирует этапы 2–3 кампании', errors: dated.errors };
  const current = await getSchedule(campaignId);
  const stored: StoredSchedule = { schedule: parsed.schedule, version: (current?.version ?? 0) + 1, loadedAt: now.toISOString(), loadedBy: by };
  if (!(await saveSchedule(stored, current?.version ?? 0))) return { ok: false, status: 409, message: 'График изменён одновременно другим пользователем; повторите' };
  forgetCampaigns();
  const regions = [...loadReferenceData().regions.keys()];
  await sendMessages(PLAN_QUEUE, regions.map((region): PlanMessage => ({ campaignId, region, version: stored.version })));
  return { ok: true, stored, regions: regions.length };
}

/** The organizations of a region a schedule binds: the MOs in the registry today, the SMOs of the reference data. */
export async function regionParties(region: string): Promise<RegionParties> {
  const ref = loadReferenceData();
  return {
    // Every MO of the region gets its file at x.1 (an empty one when nobody is attached to it).
    mos: [...(await mosInForce(region, regionToday(region))).keys()],
    smos: [...ref.smos.values()].filter((s) => s.region === region).map((s) => s.code),
  };
}

export interface PlanResult {
  created: number;
  moved: number;
  cancelled: number;
  /** The message was for an older schedule version than the stored one: nothing done. */
  stale?: boolean;
}

/** Plans one region's obligations from the current schedule (idempotent: a second run finds nothing to do). */
export async function planRegion(msg: PlanMessage): Promise<PlanResult> {
  const stored = await getSchedule(msg.campaignId);
  const region = loadReferenceData().regions.get(msg.region);
  if (!stored || !region) throw new Error(`plan ${msg.campaignId}/${msg.region}: no schedule or unknown region`);
  if (stored.version > msg.version) return { created: 0, moved: 0, cancelled: 0, stale: true };
  const parties = await regionParties(region.code);
  const wanted = campaignObligations(stored.schedule, region, parties, await currentCalendar());
  const codes = ['FOMS', region.code, ...parties.mos, ...parties.smos];
  const existing = await campaignObligationsOf(msg.campaignId, region.code, codes);
  const result: PlanResult = { created: 0, moved: 0, cancelled: 0 };
  await forEachLimited(planChanges(wanted, existing), WRITES_IN_FLIGHT, async (change) => {
    if (change.kind === 'create') {
      if (await createObligation(change.obligation)) result.created++;
    } else if (change.kind === 'move') {
      if (await saveObligation({ ...change.obligation, version: change.from.version + 1 }, change.from.version, false)) result.moved++;
    } else {
      const ob = change.obligation;
      const cancelled: Obligation = { ...ob, state: 'CANCELLED', evidence: 'пункт исключён из графика', version: ob.version + 1 };
      if (await saveObligation(cancelled, ob.version, true)) result.cancelled++;
    }
  });
  return result;
}

/**
 * Daily hospitalization duties of a region for one day, created once: every MO bound by §263 or
 * §264 in the registry on that day (an MO excluded from it has none from the exclusion's date). The marker goes last, so a run that died half-way is completed by the next one.
 */
export async function planDaily(region: Region, forDate: string, now: Date): Promise<number> {
  const markerKey = { pk: `OBLDAY#${region.code}`, sk: forDate };
  if (await hasMarker(markerKey.pk, markerKey.sk)) return 0;
  const duties = dailyObligations(region, forDate, (await mosInForce(region.code, forDate)).values());
  let created = 0;
  await forEachLimited(duties, WRITES_IN_FLIGHT, async (ob) => {
    if (await createObligation(ob)) created++;
  });
  await claimOnce(markerKey.pk, markerKey.sk, now.toISOString());
  return created;
}
