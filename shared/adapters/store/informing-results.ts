import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { BatchId, IsoDate } from '../../domain/records.js';
import type { PlanFacts } from '../../informing/result-rows.js';
import { scopeCode, type ReportScope } from '../../informing/result-keys.js';
import type { KeyedPlan, KeyedResult, SmoBatchStats } from '../../informing/targets.js';
import { dynamoClient } from '../clients.js';
import { batchGet, forEachLimited, isConditionFailure, mainTable, queryAll, queryFirst, queryPage, stripKeys, type Item } from './dynamo.js';
import { fioOf } from '../../abonent/layout.js';
import { plannedDateOf } from '../../informing/files.js';

/**
 * Informing results of SMOs (DOMAIN.md §3.7) and what is derived from them:
 * - a reported day of a person beside the person: `P#<enp>` / `INF#<campaign>#<date>`, indexed per
 *   SMO and batch like the registry entries (`INFR#<campaign>#<batch>#<smo>` /
 *   `<region>#<mo>#<enp>#<date>`, the entries' key plus the date), so a batch's persons and their
 *   days can be read side by side in one order;
 * - the figures of one SMO in one region batch: `INFSTAT#<campaign>#<region>` / `<batch>#<smo>`
 *   (indexed `INFSTATS#<campaign>` for FOMS), recomputed from those two views;
 * - each results file as the SMO sees it: `INFUP#<smo>` / `<campaign>#<receivedAt>#<fileId>`;
 * - XLSX reports asked for: `INFREP#<smo|region|federal>` / `<campaign>#<requestedAt>#<reportId>`.
 */
export interface StoredResult {
  enp: string;
  campaignId: string;
  date: IsoDate;
  channel: string;
  result: string;
  region: string;
  batch: BatchId;
  smo: string;
  mo: string;
  group: number;
  /** The person has a ХНИЗ under dispensary observation (seed 002, Мероприятие 4), per the export when it arrived. */
  dispensary?: boolean;
  /** `<receivedAt>#<file or request id>`: the later report of a person and day wins. */
  order: string;
  receivedAt: string;
  source: 'file' | 'api';
  sourceId: string;
  /** Row of the file or request that carried it. */
  line: number;
}

const personKey = (region: string, mo: string, enp: string) => `${region}#${mo}#${enp}`;

export function resultItem(r: StoredResult): Item {
  return {
    pk: `P#${r.enp}`,
    sk: `INF#${r.campaignId}#${r.date}`,
    gsi1pk: `INFR#${r.campaignId}#${r.batch}#${r.smo}`,
    gsi1sk: `${personKey(r.region, r.mo, r.enp)}#${r.date}`,
    ...r,
  };
}

/**
 * Writes reported days, `concurrency` in flight. A report is written unless a later one is stored,
 * so the stored day is always the latest report's, whatever order they arrive in: an older one
 * never overwrites a newer one, a later one replaces (never doubles) — even when it says the same
 * as the one before it, which a still older, different report must not then overwrite. Counted as
 * stored: a new day, a changed one, or this very report again (a rerun after a crash reports what
 * its first pass did); the rest (the same again, or older) is unchanged.
 */
export async function putResults(results: readonly StoredResult[], concurrency = 16): Promise<{ stored: number; unchanged: number }> {
  let stored = 0;
  await forEachLimited([...results], concurrency, async (r) => {
    try {
      const out = await dynamoClient().send(
        new PutCommand({
          TableName: mainTable(),
          Item: resultItem(r),
          ConditionExpression: 'attribute_not_exists(pk) OR #order <= :order',
          ExpressionAttributeNames: { '#order': 'order' },
          ExpressionAttributeValues: { ':order': r.order },
          ReturnValues: 'ALL_OLD',
        }),
      );
      const old = out.Attributes;
      if (!old || old.order === r.order || old.channel !== r.channel || old.result !== r.result) stored++;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  });
  return { stored, unchanged: results.length - stored };
}

/** Reported days of one person in one campaign, by date. */
export async function resultsOfPerson(enp: string, campaignId: string): Promise<StoredResult[]> {
  const out: StoredResult[] = [];
  for await (const page of queryAll({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
    ExpressionAttributeValues: { ':pk': `P#${enp}`, ':p': `INF#${campaignId}#` },
    ConsistentRead: true,
  })) {
    out.push(...page.map((i) => stripKeys<StoredResult>(i)));
  }
  return out;
}

/** Registry entries (stages 2–3, `P#<enp>` / `PLAN#<campaign>`) of the given persons. */
export async function plansOf(enps: readonly string[], campaignId: string): Promise<Map<string, PlanFacts>> {
  const items = await batchGet(enps.map((enp) => ({ pk: `P#${enp}`, sk: `PLAN#${campaignId}` })));
  return new Map(items.map((i) => [i.enp as string, planFacts(i)]));
}

/** The planned date of an entry: only «запланирован» with a date counts (the persons of the SMO's informing files). */

const planFacts = (i: Item): PlanFacts => ({
  enp: i.enp as string,
  region: i.region as string,
  batch: i.batch as BatchId,
  mo: i.mo as string,
  smo: i.smo as string,
  group: Number(i.group),
  date: plannedDateOf(i),
});

export interface SmoBatchRef {
  campaignId: string;
  region: string;
  batch: BatchId;
  smo: string;
}

/** A person of the registry with what a list of the not informed shows. */
export interface RegistryPerson extends KeyedPlan {
  mo: string;
  time?: string;
  /** ФИО, birth date and phone as the MO's file showed them (entries of older returns have none). */
  card?: { fio: string; dr?: string; phone?: string };
}

const plansIndex = (ref: SmoBatchRef) => ({
  IndexName: 'gsi1',
  KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :region)',
  ExpressionAttributeValues: { ':pk': `PLANS#${ref.campaignId}#${ref.batch}#${ref.smo}`, ':region': `${ref.region}#` },
});

const registryPerson = (i: Item): RegistryPerson => ({
  key: personKey(i.region as string, i.mo as string, i.enp as string),
  enp: i.enp as string,
  group: Number(i.group),
  date: plannedDateOf(i),
  mo: i.mo as string,
  time: (i.time as string | undefined) || undefined,
  ...(i.card ? { card: i.card as RegistryPerson['card'] } : {}),
});

const keyedResult = (i: Item): KeyedResult => ({
  key: personKey(i.region as string, i.mo as string, i.enp as string),
  date: i.date as string,
  channel: i.channel as string,
  result: i.result as string,
  ...(i.dispensary ? { dispensary: true } : {}),
});

/** The SMO's registry entries of a region batch, in index order (by MO, then ЕНП). */
export async function* registryPersons(ref: SmoBatchRef): AsyncGenerator<RegistryPerson> {
  for await (const page of queryAll(plansIndex(ref))) for (const i of page) yield registryPerson(i);
}

/** The SMO's reported days of a region batch, in the same order (then by date). */
export async function* reportedDays(ref: SmoBatchRef, from?: string, to?: string): AsyncGenerator<KeyedResult> {
  const range = from !== undefined && to !== undefined;
  for await (const page of queryAll({
    IndexName: 'gsi1',
    KeyConditionExpression: range ? 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to' : 'gsi1pk = :pk AND begins_with(gsi1sk, :region)',
    ExpressionAttributeValues: range
      ? { ':pk': `INFR#${ref.campaignId}#${ref.batch}#${ref.smo}`, ':from': from, ':to': to }
      : { ':pk': `INFR#${ref.campaignId}#${ref.batch}#${ref.smo}`, ':region': `${ref.region}#` },
  })) {
    for (const i of page) yield keyedResult(i);
  }
}

/** One page of the SMO's registry entries of a region batch, with an opaque cursor. */
export async function registryPage(ref: SmoBatchRef, cursor: string | undefined, limit: number): Promise<{ persons: RegistryPerson[]; cursor?: string }> {
  const page = await queryPage({ ...plansIndex(ref), Limit: limit }, cursor);
  return { persons: page.items.map(registryPerson), cursor: page.cursor };
}

/** Decision cards (ФИО, date of birth, phone) of persons, by ЕНП. */
export async function cardsOf(enps: readonly string[], campaignId: string): Promise<Map<string, { fio: string; dr?: string; phone?: string }>> {
  // Distinct keys: DynamoDB refuses a BatchGet that names one key twice.
  const items = await batchGet([...new Set(enps)].map((enp) => ({ pk: `P#${enp}`, sk: `GRP#${campaignId}` })));
  return new Map(
    items.map((i) => {
      const card = (i.card ?? {}) as { fam?: string; im?: string; ot?: string; dr?: string; phone?: string };
      return [i.enp as string, { fio: fioOf(card), dr: card.dr, phone: card.phone }];
    }),
  );
}

// ---- figures ---------------------------------------------------------------------------------

export interface StoredStats extends SmoBatchRef {
  /** Latest change of the results or of the registry noticed (ISO instant). */
  dirtyAt?: string;
  /** Everything written before this instant is in `stats`. */
  computedFrom?: string;
  computedAt?: string;
  /** Version of the batch's stage the figures were computed at (a reopened registry changes it). */
  stageVersion?: number;
  stats?: SmoBatchStats;
}

const statsKey = (r: SmoBatchRef) => ({ pk: `INFSTAT#${r.campaignId}#${r.region}`, sk: `${r.batch}#${r.smo}` });
const statsIndex = (r: SmoBatchRef) => ({ gsi1pk: `INFSTATS#${r.campaignId}`, gsi1sk: `${r.region}#${r.batch}#${r.smo}` });

function fromStatsItem(item: Item): StoredStats {
  const s = stripKeys<StoredStats & { stats?: string }>(item);
  return { ...s, stats: typeof s.stats === 'string' ? (JSON.parse(s.stats) as SmoBatchStats) : undefined };
}

export async function getStats(ref: SmoBatchRef): Promise<StoredStats | undefined> {
  const out = await dynamoClient().send(new GetCommand({ TableName: mainTable(), Key: statsKey(ref), ConsistentRead: true }));
  return out.Item ? fromStatsItem(out.Item) : undefined;
}

/** Notes a change at `at` (kept only if later than the one noted). */
export async function markStatsDirty(ref: SmoBatchRef, at: string): Promise<void> {
  try {
    await dynamoClient().send(
      new UpdateCommand({
        TableName: mainTable(),
        Key: statsKey(ref),
        UpdateExpression: 'SET dirtyAt = :at, campaignId = :c, #region = :r, #batch = :b, smo = :s, gsi1pk = :g1, gsi1sk = :g2',
        ConditionExpression: 'attribute_not_exists(dirtyAt) OR dirtyAt < :at',
        ExpressionAttributeNames: { '#region': 'region', '#batch': 'batch' },
        ExpressionAttributeValues: { ':at': at, ':c': ref.campaignId, ':r': ref.region, ':b': ref.batch, ':s': ref.smo, ':g1': statsIndex(ref).gsi1pk, ':g2': statsIndex(ref).gsi1sk },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

/** Saves figures computed from the data as of `computedFrom`, unless later ones are saved already. */
export async function saveStats(ref: SmoBatchRef, stats: SmoBatchStats, computedFrom: string, stageVersion: number | undefined): Promise<boolean> {
  try {
    await dynamoClient().send(
      new UpdateCommand({
        TableName: mainTable(),
        Key: statsKey(ref),
        UpdateExpression:
          'SET stats = :stats, computedFrom = :from, computedAt = :now, stageVersion = :v, campaignId = :c, #region = :r, #batch = :b, smo = :s, gsi1pk = :g1, gsi1sk = :g2',
        ConditionExpression: 'attribute_not_exists(computedFrom) OR computedFrom < :from',
        ExpressionAttributeNames: { '#region': 'region', '#batch': 'batch' },
        ExpressionAttributeValues: {
          ':stats': JSON.stringify(stats),
          ':from': computedFrom,
          ':now': new Date().toISOString(),
          ':v': stageVersion ?? 0,
          ':c': ref.campaignId,
          ':r': ref.region,
          ':b': ref.batch,
          ':s': ref.smo,
          ':g1': statsIndex(ref).gsi1pk,
          ':g2': statsIndex(ref).gsi1sk,
        },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Figures of every SMO and batch of a region. */
export async function statsOfRegion(campaignId: string, region: string): Promise<StoredStats[]> {
  const out: StoredStats[] = [];
  for await (const page of queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `INFSTAT#${campaignId}#${region}` }, ConsistentRead: true })) {
    out.push(...page.map(fromStatsItem));
  }
  return out;
}

/** Figures of every region (FOMS). */
export async function statsOfCampaign(campaignId: string): Promise<StoredStats[]> {
  const out: StoredStats[] = [];
  for await (const page of queryAll({ IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': `INFSTATS#${campaignId}` } })) {
    out.push(...page.map(fromStatsItem));
  }
  return out;
}

// ---- files as the SMO sees them ----------------------------------------------------------------

export interface ResultsUploadView {
  fileId: string;
  smo: string;
  campaignId: string;
  name: string;
  key: string;
  receivedAt: string;
  status: string;
  rows?: number;
  acceptedRows?: number;
  rejectedRows?: number;
  errors?: number;
  stored?: number;
  unchanged?: number;
  protocolCsvKey?: string;
  protocolXlsxKey?: string;
}

export async function putUploadView(view: ResultsUploadView): Promise<void> {
  await dynamoClient().send(
    new PutCommand({ TableName: mainTable(), Item: { pk: `INFUP#${view.smo}`, sk: `${view.campaignId}#${view.receivedAt}#${view.fileId}`, ...view } }),
  );
}

export async function uploadsOf(smo: string, campaignId: string, cursor?: string): Promise<{ items: ResultsUploadView[]; cursor?: string }> {
  const page = await queryPage(
    { KeyConditionExpression: 'pk = :pk AND begins_with(sk, :c)', ExpressionAttributeValues: { ':pk': `INFUP#${smo}`, ':c': `${campaignId}#` }, ScanIndexForward: false, Limit: 50 },
    cursor,
  );
  return { items: page.items.map((i) => stripKeys<ResultsUploadView>(i)), cursor: page.cursor };
}

// ---- reports -----------------------------------------------------------------------------------

export interface ReportRecord {
  reportId: string;
  campaignId: string;
  scope: ReportScope;
  state: 'PENDING' | 'READY' | 'FAILED';
  requestedAt: string;
  requestedBy: string;
  key?: string;
  readyAt?: string;
  error?: string;
}

const reportPk = (scope: ReportScope) => `INFREP#${scopeCode(scope)}`;
const reportKeyOf = (r: Pick<ReportRecord, 'scope' | 'campaignId' | 'requestedAt' | 'reportId'>) => ({ pk: reportPk(r.scope), sk: `${r.campaignId}#${r.requestedAt}#${r.reportId}` });

export async function putReport(report: ReportRecord): Promise<void> {
  await dynamoClient().send(new PutCommand({ TableName: mainTable(), Item: { ...reportKeyOf(report), ...report } }));
}

export async function latestReport(scope: ReportScope, campaignId: string): Promise<ReportRecord | undefined> {
  const [latest] = await queryFirst({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :c)',
    ExpressionAttributeValues: { ':pk': reportPk(scope), ':c': `${campaignId}#` },
    ScanIndexForward: false,
    Limit: 1,
    ConsistentRead: true,
  });
  return latest ? stripKeys<ReportRecord>(latest) : undefined;
}

export async function findReport(scope: ReportScope, campaignId: string, reportId: string): Promise<ReportRecord | undefined> {
  for await (const page of queryAll({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :c)',
    ExpressionAttributeValues: { ':pk': reportPk(scope), ':c': `${campaignId}#` },
    ScanIndexForward: false,
    ConsistentRead: true,
  })) {
    const hit = page.find((i) => i.reportId === reportId);
    if (hit) return stripKeys<ReportRecord>(hit);
  }
  return undefined;
}
