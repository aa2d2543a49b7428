import { z } from 'zod';
import { putCampaign, storedCampaigns, type StoredCampaign } from '../adapters/store/campaigns.js';
import { getSchedule } from '../adapters/store/obligations.js';
import type { ProductionCalendar } from '../calendar/production-calendar.js';
import type { BatchId, Campaign, CampaignPlan } from '../domain/records.js';
import { isIsoDate } from '../hospitalization/submission.js';
import { batchDatesOf } from '../obligations/batch-dates.js';
import { parseSchedule, type CampaignSchedule } from '../obligations/schedule.js';
import { loadCampaigns, loadShippedSchedule } from '../reference/load.js';
import { ApiError } from './api/http.js';
import { currentCalendar } from './calendar.js';

/**
 * The campaigns in force and their dates, from ONE schedule: the one FOMS edits
 * (`PUT /v1/campaigns/{c}/schedule`). The stage clock (forming x.1, registry x.4), the `returnBy`
 * an MO is shown and the obligations all read the batch dates derived here from the schedule's
 * current version (shared/obligations/batch-dates.ts), so moving a step moves the work it dates.
 *
 * Campaigns are the shipped seed (campaigns.json, the first version; its schedule is
 * `schedules/<id>.json` until FOMS loads one) plus those FOMS created through `POST /v1/campaigns`.
 * Read per Lambda container and trusted for OMS_CAMPAIGN_CACHE_MS (default 60 s), like the
 * production calendar; a new calendar (a loaded decree) re-reads at once, since relative deadlines
 * move with it.
 */

const cacheMs = (): number => Number(process.env.OMS_CAMPAIGN_CACHE_MS ?? '60000');
/** Whole seconds after which every container has dropped what it read before a change. */
export const campaignCacheSeconds = (): number => Math.ceil(cacheMs() / 1000);

/** A campaign as the services see it: the record, its batches, and where its dates come from. */
export interface CampaignInForce extends Campaign {
  batches: BatchId[];
  /** `loaded`: version N stored by FOMS; `shipped-file`: schedules/<id>.json; `campaign-file`: campaigns.json's own dates. */
  schedule: { source: 'loaded' | 'shipped-file' | 'campaign-file'; version: number };
  /** A schedule that could not date a batch (only a shipped file can: loaded ones are checked). */
  scheduleErrors?: string[];
  createdAt?: string;
  createdBy?: string;
}

type Snapshot = Map<string, CampaignInForce>;
let cache: { at: number; calendar: ProductionCalendar; snapshot: Promise<Snapshot> } | undefined;

function seedRecords(): StoredCampaign[] {
  return loadCampaigns().map((c) => ({
    id: c.id,
    name: c.name,
    referenceDate: c.referenceDate,
    active: c.active,
    examWindow: c.plan?.examWindow ?? { from: '', to: '' },
    batches: c.plan ? (Object.keys(c.plan.batches) as BatchId[]) : [],
    createdAt: '',
    createdBy: 'campaigns.json',
    createdByOrg: 'FOMS',
  }));
}

/** The schedule in force: the stored version, else the shipped file (version 0). */
export async function scheduleOf(id: string): Promise<{ schedule: CampaignSchedule; version: number } | undefined> {
  const stored = await getSchedule(id);
  if (stored) return { schedule: stored.schedule, version: stored.version };
  const shipped = parseSchedule(loadShippedSchedule(id));
  return shipped.ok ? { schedule: shipped.schedule, version: 0 } : undefined;
}

async function inForce(record: StoredCampaign, calendar: ProductionCalendar): Promise<CampaignInForce> {
  const seedPlan = loadCampaigns().find((c) => c.id === record.id)?.plan;
  const { createdByOrg: _o, examWindow, batches, createdAt, createdBy, ...campaign } = record;
  const out: CampaignInForce = { ...campaign, batches, schedule: { source: 'campaign-file', version: 0 }, ...(createdAt ? { createdAt, createdBy } : {}) };
  if (!batches.length) return out;
  const current = await scheduleOf(record.id);
  const dated = current && batchDatesOf(current.schedule, batches, calendar);
  let plan: CampaignPlan | undefined = seedPlan;
  if (current && dated?.ok) {
    plan = { examWindow, batches: dated.batches };
    out.schedule = { source: current.version ? 'loaded' : 'shipped-file', version: current.version };
  } else if (dated && !dated.ok) out.scheduleErrors = dated.errors;
  return plan ? { ...out, plan } : out;
}

async function readSnapshot(calendar: ProductionCalendar): Promise<Snapshot> {
  const records = new Map(seedRecords().map((r) => [r.id, r]));
  for (const r of await storedCampaigns()) if (!records.has(r.id)) records.set(r.id, r);
  const campaigns = await Promise.all([...records.values()].map((r) => inForce(r, calendar)));
  return new Map(campaigns.map((c) => [c.id, c]));
}

async function snapshot(): Promise<Snapshot> {
  const calendar = await currentCalendar();
  const now = Date.now();
  if (!cache || now - cache.at >= cacheMs() || cache.calendar !== calendar) {
    const pending = readSnapshot(calendar);
    cache = { at: now, calendar, snapshot: pending };
    // A failed read is not cached: the next call tries again.
    pending.catch(() => {
      if (cache?.snapshot === pending) cache = undefined;
    });
  }
  return cache.snapshot;
}

/** Drops this container's copy (after a change here, so the writer sees it at once). */
export function forgetCampaigns(): void {
  cache = undefined;
}

/** One campaign with its dates from the schedule in force; undefined when there is none. */
export async function campaignOf(id: string): Promise<CampaignInForce | undefined> {
  return (await snapshot()).get(id);
}

/** Every campaign (seed and created), by id. */
/** A campaign a request names (path, query or a key): in force, else a 404 naming it. */
export async function campaignOrNotFound(id: string): Promise<CampaignInForce> {
  const campaign = await campaignOf(id);
  if (!campaign) throw new ApiError(404, 'CAMPAIGN_NOT_FOUND', `Кампания «${id}» не найдена.`);
  return campaign;
}

export async function allCampaigns(): Promise<CampaignInForce[]> {
  return [...(await snapshot()).values()].sort((a, b) => a.id.localeCompare(b.id));
}

const IsoDay = z.string().refine(isIsoDate, 'дата ГГГГ-ММ-ДД');

/**
 * `POST /v1/campaigns`. The id becomes part of store keys and obligation ids (`c.<id>.<step>…`,
 * where a «.» would make one campaign's prefix another's), so: letters, digits, «-», «_».
 */
export const CampaignRequest = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'латинские буквы, цифры, «-», «_» (без точек), не длиннее 64 символов'),
    name: z.string().trim().min(3).max(200),
    referenceDate: IsoDay,
    examWindow: z.object({ from: IsoDay, to: IsoDay }).strict().refine((w) => w.from <= w.to, 'окно обследований пусто: from позже to'),
    batches: z
      .array(z.enum(['12', '34']))
      .min(1)
      .refine((b) => new Set(b).size === b.length, 'партия повторяется'),
    active: z.boolean().default(true),
    /** The schedule in the PUT …/schedule form; its campaignId may be left out (the id above). */
    schedule: z.record(z.string(), z.unknown()),
  })
  .strict();
export type CampaignRequest = z.infer<typeof CampaignRequest>;

export type CreateCampaignResult =
  | { ok: true; campaign: StoredCampaign; schedule: CampaignSchedule }
  | { ok: false; status: 400 | 409; code: string; message: string };

/**
 * Checks a new campaign whole before anything is written: the schedule parses, names this
 * campaign, and dates every listed batch in order on the production calendar. Then the record is
 * stored once (409 when the id is a seed's or already taken); the caller loads the schedule as
 * version 1, which plans the obligations.
 */
export async function createCampaign(request: CampaignRequest, by: { snils: string; org: string }, now: Date): Promise<CreateCampaignResult> {
  const bad = (message: string): CreateCampaignResult => ({ ok: false, status: 400, code: 'BAD_CAMPAIGN', message });
  const parsed = parseSchedule({ campaignId: request.id, ...request.schedule });
  if (!parsed.ok) return bad(`График не принят: ${parsed.errors.map((e) => `schedule.${e}`).join('; ')}`);
  if (parsed.schedule.campaignId !== request.id) return bad(`Поле schedule.campaignId: «${parsed.schedule.campaignId}» не совпадает с id кампании «${request.id}».`);
  const dated = batchDatesOf(parsed.schedule, request.batches, await currentCalendar());
  if (!dated.ok) return bad(`График не датирует этапы 2–3: ${dated.errors.join('; ')}.`);
  const taken = { ok: false, status: 409, code: 'CAMPAIGN_EXISTS', message: `Кампания ${request.id} уже существует; график меняется через PUT /v1/campaigns/${request.id}/schedule.` } as const;
  if (loadCampaigns().some((c) => c.id === request.id)) return taken;
  const { schedule: _s, ...fields } = request;
  const campaign: StoredCampaign = { ...fields, createdAt: now.toISOString(), createdBy: by.snils, createdByOrg: by.org };
  if (!(await putCampaign(campaign))) return taken;
  forgetCampaigns();
  return { ok: true, campaign, schedule: parsed.schedule };
}
