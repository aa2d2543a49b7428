import { config } from '../../config.js';
import { sendMessages } from '../../adapters/sqs.js';
import { logger } from '../../adapters/lambda/logger.js';
import {
  cardsOf,
  getStats,
  markStatsDirty,
  registryPage,
  registryPersons,
  reportedDays,
  saveStats,
  statsOfCampaign,
  statsOfRegion,
  type RegistryPerson,
  type SmoBatchRef,
  type StoredStats,
} from '../../adapters/store/informing-results.js';
import { getStage, type Stage } from '../../adapters/store/stages.js';
import { BATCHES } from '../../abonent/stage.js';
import type { BatchId, Campaign, IsoDate } from '../../domain/records.js';
import { loadInformingCodes, type InformingCodes } from '../../informing/result-codes.js';
import type { InformingResultsMessage } from '../../informing/result-messages.js';
import { allGroups, byGroup, computeSmoBatchStats, figuresOf, joinByPerson, outcomeOf, type Figures, type PersonOutcome, type SmoBatchStats } from '../../informing/targets.js';
import { loadReferenceData } from '../../reference/load.js';

const QUEUE = 'informing-results';
const BATCH_IDS: BatchId[] = ['12', '34'];

/**
 * Notes that the results of SMO batches changed and queues their figures for recomputing. The
 * message waits `OMS_INFORMING_RECOMPUTE_DELAY_SECONDS`, so a burst of reports becomes one run.
 */
export async function requestRecompute(refs: readonly SmoBatchRef[], at = new Date()): Promise<void> {
  if (!refs.length) return;
  await Promise.all(refs.map((r) => markStatsDirty(r, at.toISOString())));
  await sendMessages(
    QUEUE,
    refs.map((recompute): InformingResultsMessage => ({ recompute })),
    { delaySeconds: config.informingRecomputeDelaySeconds() },
  );
}

const isFresh = (s: StoredStats | undefined, stage: Stage | undefined): boolean =>
  !!s?.stats && !!s.computedFrom && (!s.dirtyAt || s.computedFrom >= s.dirtyAt) && s.stageVersion === (stage?.version ?? 0);

/**
 * Recomputes the figures of one SMO in one region batch from current data: its registry entries
 * and its reported days, read side by side in index order (memory: one person). Skipped when the
 * stored figures already cover every change noted. Figures count what was written up to
 * `OMS_INFORMING_INDEX_LAG_MS` before the run started (the index is eventually consistent); a
 * change noted later queues another run.
 */
export async function recomputeStats(ref: SmoBatchRef, now = new Date()): Promise<'skipped' | 'computed'> {
  const [current, stage] = await Promise.all([getStats(ref), getStage(ref)]);
  if (isFresh(current, stage)) return 'skipped';
  const from = new Date(now.getTime() - config.informingIndexLagMs()).toISOString();
  const stats = await computeSmoBatchStats(registryPersons(ref), reportedDays(ref), loadInformingCodes());
  await saveStats(ref, stats, from, stage?.version);
  const after = await getStats(ref);
  if (after?.dirtyAt && after.computedFrom && after.dirtyAt > after.computedFrom) {
    await sendMessages(QUEUE, [{ recompute: ref } satisfies InformingResultsMessage], { delaySeconds: Math.max(1, config.informingRecomputeDelaySeconds()) });
  }
  const persons = Object.values(stats.groups).reduce((n, g) => n + g.persons, 0);
  logger.info('Informing figures recomputed', { ...ref, persons, results: stats.results });
  return 'computed';
}

// ---- views ------------------------------------------------------------------------------------

/** Per batch: whether its registry is approved and whether the figures are current. */
export interface BatchState {
  batch: BatchId;
  groups: string;
  /** NOT_APPROVED: no figures (the registry is not approved); COMPUTING: queued, not there yet; UPDATING: shown, a newer run queued; CURRENT. */
  state: 'NOT_APPROVED' | 'COMPUTING' | 'UPDATING' | 'CURRENT';
  computedAt: string | null;
}

/** Figures without the daily series (for nested breakdowns, to keep answers small). */
export type CompactFigures = Omit<Figures, 'series'>;
const compact = ({ series: _s, ...f }: Figures): CompactFigures => f;
const compactByGroup = (stats: SmoBatchStats[]) => Object.fromEntries(Object.entries(byGroup(stats)).map(([g, f]) => [g, compact(f)]));

/**
 * The stored figures of the given SMO batches (approved registries only); missing or outdated
 * ones (a reopened registry has a new stage version) are queued for recomputing.
 */
async function collect(campaignId: string, region: string, smos: readonly string[], stored: ReadonlyMap<string, StoredStats>): Promise<{ batches: BatchState[]; stats: Map<string, SmoBatchStats[]> }> {
  const batches: BatchState[] = [];
  const bySmo = new Map<string, SmoBatchStats[]>(smos.map((s) => [s, []]));
  const stale: SmoBatchRef[] = [];
  for (const batch of BATCH_IDS) {
    const stage = await getStage({ campaignId, region, batch });
    const base = { batch, groups: BATCHES[batch].label };
    if (stage?.state !== 'APPROVED') {
      batches.push({ ...base, state: 'NOT_APPROVED', computedAt: null });
      continue;
    }
    let missing = false;
    let updating = false;
    let computedAt: string | null = null;
    for (const smo of smos) {
      const s = stored.get(`${batch}#${smo}`);
      if (!s?.stats || s.stageVersion !== stage.version) {
        missing = true;
        stale.push({ campaignId, region, batch, smo });
        continue;
      }
      if (!isFresh(s, stage)) updating = true;
      bySmo.get(smo)!.push(s.stats);
      if (s.computedAt && (!computedAt || s.computedAt < computedAt)) computedAt = s.computedAt;
    }
    batches.push({ ...base, state: missing ? 'COMPUTING' : updating ? 'UPDATING' : 'CURRENT', computedAt });
  }
  if (stale.length) await requestRecompute(stale);
  return { batches, stats: bySmo };
}

export interface SmoTargets {
  campaignId: string;
  smo: string;
  name: string | null;
  region: string;
  batches: BatchState[];
  total: Figures;
  byGroup: Record<string, Figures>;
  definition: string;
}

export const DEFINITION =
  'Знаменатель — застрахованные СМО лица партии с назначенной датой в утверждённом реестре (те же, что в файлах информирования); ' +
  'проинформированным индивидуально лицо считается с первого дня, за который СМО сообщила результат «Проинформирован» по индивидуальному каналу ' +
  '(01, 02, 03, 04, 06, 07, 11); более позднее сообщение за тот же день заменяет прежнее.';

export async function smoTargets(campaign: Campaign, smo: string): Promise<SmoTargets> {
  const region = smo.slice(0, 2);
  const stored = new Map((await statsOfRegion(campaign.id, region)).filter((s) => s.smo === smo).map((s) => [`${s.batch}#${s.smo}`, s]));
  const { batches, stats } = await collect(campaign.id, region, [smo], stored);
  const mine = stats.get(smo) ?? [];
  return {
    campaignId: campaign.id,
    smo,
    name: loadReferenceData().smos.get(smo)?.name ?? null,
    region,
    batches,
    total: figuresOf(allGroups(mine)),
    byGroup: byGroup(mine),
    definition: DEFINITION,
  };
}

export interface RegionTargets {
  campaignId: string;
  region: string;
  name: string | null;
  batches: BatchState[];
  total: Figures;
  byGroup: Record<string, Figures>;
  bySmo: Array<{ smo: string; name: string | null; total: Figures; byGroup: Record<string, CompactFigures> }>;
  definition: string;
}

/** The SMOs of a region: those of the reference data, plus any with figures already. */
function smosOfRegion(region: string, stored: readonly StoredStats[]): string[] {
  const ref = loadReferenceData();
  const codes = new Set([...ref.smos.values()].filter((s) => s.region === region).map((s) => s.code));
  for (const s of stored) codes.add(s.smo);
  return [...codes].sort();
}

export async function regionTargets(campaign: Campaign, region: string): Promise<RegionTargets> {
  const stored = await statsOfRegion(campaign.id, region);
  const smos = smosOfRegion(region, stored);
  const { batches, stats } = await collect(campaign.id, region, smos, new Map(stored.map((s) => [`${s.batch}#${s.smo}`, s])));
  const all = [...stats.values()].flat();
  const names = loadReferenceData().smos;
  return {
    campaignId: campaign.id,
    region,
    name: loadReferenceData().regions.get(region)?.name ?? null,
    batches,
    total: figuresOf(allGroups(all)),
    byGroup: byGroup(all),
    bySmo: smos.map((smo) => ({ smo, name: names.get(smo)?.name ?? null, total: figuresOf(allGroups(stats.get(smo) ?? [])), byGroup: compactByGroup(stats.get(smo) ?? []) })),
    definition: DEFINITION,
  };
}

export interface FederalTargets {
  campaignId: string;
  total: Figures;
  byGroup: Record<string, Figures>;
  byRegion: Array<{ region: string; name: string | null; smos: number; computedAt: string | null; total: Figures; byGroup: Record<string, CompactFigures> }>;
  definition: string;
}

/**
 * Every region's stored figures (FOMS). Regions are not re-checked here: each region's own view
 * (and every new report) keeps its figures current.
 */
export async function federalTargets(campaign: Campaign): Promise<FederalTargets> {
  const stored = (await statsOfCampaign(campaign.id)).filter((s) => s.stats);
  const regions = [...new Set(stored.map((s) => s.region))].sort();
  const names = loadReferenceData().regions;
  const all = stored.map((s) => s.stats!);
  return {
    campaignId: campaign.id,
    total: figuresOf(allGroups(all)),
    byGroup: byGroup(all),
    byRegion: regions.map((region) => {
      const mine = stored.filter((s) => s.region === region);
      const computedAt = mine.map((s) => s.computedAt ?? '').sort()[0] || null;
      return {
        region,
        name: names.get(region)?.name ?? null,
        smos: new Set(mine.map((s) => s.smo)).size,
        computedAt,
        total: figuresOf(allGroups(mine.map((s) => s.stats!))),
        byGroup: compactByGroup(mine.map((s) => s.stats!)),
      };
    }),
    definition: DEFINITION,
  };
}

// ---- persons not yet informed ----------------------------------------------------------------

export interface OpenPerson {
  enp: string;
  fio: string | null;
  dr: IsoDate | null;
  phone: string | null;
  mo: string;
  group: number;
  batch: BatchId;
  plannedDate: IsoDate;
  time: string | null;
  lastAttempt: { date: IsoDate; channel: string; channelName: string; result: string; resultName: string } | null;
}

function openPerson(p: RegistryPerson, batch: BatchId, outcome: PersonOutcome, card: { fio: string; dr?: string; phone?: string } | undefined, codes: InformingCodes): OpenPerson {
  const last = outcome.last;
  return {
    enp: p.enp,
    fio: card?.fio || null,
    dr: card?.dr ?? null,
    phone: card?.phone ?? null,
    mo: p.mo,
    group: p.group,
    batch,
    plannedDate: p.date!,
    time: p.time ?? null,
    lastAttempt: last
      ? { ...last, channelName: codes.channel(last.channel)?.name ?? last.channel, resultName: codes.result(last.result)?.name ?? last.result }
      : null,
  };
}

const MAX_PAGES = 20;

/**
 * One page of the SMO's persons of a batch with a planned date and no individual informing yet,
 * in registry order (MO, ЕНП), with the latest attempt. Registry pages of `limit` are read until
 * `limit` persons are found (or 20 pages), so a page may hold somewhat more or fewer.
 */
export async function notInformedPage(
  ref: SmoBatchRef,
  opts: { cursor?: string; limit: number; group?: number },
): Promise<{ persons: OpenPerson[]; cursor?: string }> {
  const codes = loadInformingCodes();
  const found: Array<{ p: RegistryPerson; outcome: PersonOutcome }> = [];
  let cursor = opts.cursor;
  for (let pages = 0; pages < MAX_PAGES; pages++) {
    const page = await registryPage(ref, cursor, opts.limit);
    cursor = page.cursor;
    if (page.persons.length) {
      const first = page.persons[0]!.key;
      const last = `${page.persons.at(-1)!.key}#~`;
      async function* persons() {
        yield* page.persons;
      }
      for await (const { plan, results } of joinByPerson(persons(), reportedDays(ref, first, last))) {
        const p = plan;
        if (!p.date || (opts.group !== undefined && p.group !== opts.group)) continue;
        const outcome = outcomeOf(results, codes);
        if (!outcome.informed) found.push({ p, outcome });
      }
    }
    if (!cursor || found.length >= opts.limit) break;
  }
  // Registry entries carry the person's card; only entries of older returns need a read.
  const uncarded = found.filter((f) => !f.p.card).map((f) => f.p.enp);
  const cards = uncarded.length ? await cardsOf(uncarded, ref.campaignId) : new Map();
  return { persons: found.map((f) => openPerson(f.p, ref.batch, f.outcome, f.p.card ?? cards.get(f.p.enp), codes)), cursor };
}

/** Every not-informed person of an SMO batch, streamed (for the XLSX report). */
export async function* notInformedAll(ref: SmoBatchRef): AsyncGenerator<OpenPerson> {
  const codes = loadInformingCodes();
  let pending: Array<{ p: RegistryPerson; outcome: PersonOutcome }> = [];
  const flush = async function* () {
    const uncarded = pending.filter((f) => !f.p.card).map((f) => f.p.enp);
    const cards = uncarded.length ? await cardsOf(uncarded, ref.campaignId) : new Map();
    for (const f of pending) yield openPerson(f.p, ref.batch, f.outcome, f.p.card ?? cards.get(f.p.enp), codes);
    pending = [];
  };
  for await (const { plan, results } of joinByPerson(registryPersons(ref), reportedDays(ref))) {
    const p = plan;
    if (!p.date) continue;
    const outcome = outcomeOf(results, codes);
    if (outcome.informed) continue;
    pending.push({ p, outcome });
    if (pending.length >= 100) yield* flush();
  }
  if (pending.length) yield* flush();
}
