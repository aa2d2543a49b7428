import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { BatchId } from '../../domain/records.js';
import type { StoredPlan } from './plans.js';
import { dynamoClient } from '../clients.js';
import { isConditionFailure, mainTable, queryAll, stripKeys, updateWhere } from './dynamo.js';

export { registeredSmosOf } from './smo-registry.js';

/**
 * Stage 4 informing files (seed 000, 4.2/4.4) of one region and batch, beside each other under
 * `INFORM#<campaign>#<region>#<batch>`:
 * - `STATE`: the current forming run (its instant orders runs) and the SMOs it planned;
 * - `SMO#<smo>`: the SMO's progress in that run and its latest published version;
 * - `VER#<smo>#<nnnn>`: one published version (the file the SMO lists and downloads), indexed per
 *   SMO by publication time (`INFILES#<smo>` / `<formedAt>#<fileId>`) for «what is new since T».
 */
export interface InformingRef {
  campaignId: string;
  region: string;
  batch: BatchId;
}

export type RunTrigger = 'approve' | 'command';

export interface InformingRun extends InformingRef {
  /** ISO instant the run was asked for; a later run supersedes an earlier one. */
  run: string;
  trigger: RunTrigger;
  by: string;
  org: string;
  /** Registered, active SMOs of the region when the run started. */
  smos: string[];
  /** When every SMO of this run was done; unset while one is pending or failed. */
  completedAt?: string;
  /** When the first run that completed did (the 4.2/4.4 forming itself). */
  firstCompletedAt?: string;
  history: Array<{ run: string; trigger: RunTrigger; by: string; org: string; smos: number }>;
}

/**
 * PENDING: queued; FORMED: a new version in this run; UNCHANGED: nothing changed since the latest
 * version, which stays current; EMPTY: no person with a date and no earlier version; CANCELLED: the
 * SMO ended its work in the region before its turn; FAILED: see `error` (retried, then the DLQ).
 */
export type SmoFileStatus = 'PENDING' | 'FORMED' | 'UNCHANGED' | 'EMPTY' | 'CANCELLED' | 'FAILED';
export const DONE_STATUSES: readonly SmoFileStatus[] = ['FORMED', 'UNCHANGED', 'EMPTY', 'CANCELLED'];

export interface ChangeCounts {
  previousVersion: number;
  added: number;
  removed: number;
  dateChanged: number;
}

export interface SmoInforming extends InformingRef {
  smo: string;
  run: string;
  status: SmoFileStatus;
  /** Latest published version (0: none yet). */
  version: number;
  fileId?: string;
  /** When this SMO's work in the current run ended (done statuses). */
  doneAt?: string;
  error?: string;
  attempts?: number;
}

export interface InformingVersion extends InformingRef {
  fileId: string;
  smo: string;
  version: number;
  run: string;
  rows: number;
  byGroup: Record<string, number>;
  formedAt: string;
  keys: { xlsx: string; csv: string; changes?: string };
  /** Work bucket: the rows, sorted by MO and ЕНП (what the next version is compared with). */
  rowsKey: string;
  changes?: ChangeCounts;
  /** First signed link handed to a user of the SMO (its own users only; funds' reads do not count). */
  firstDownloadedAt?: string;
  lastDownloadedAt?: string;
  downloads?: number;
  /** СНИЛС of the SMO's users who took a link (a DynamoDB string set). */
  downloadedBy?: Set<string>;
  acknowledgedAt?: string;
  acknowledgedBy?: string;
}

const pk = (r: InformingRef) => `INFORM#${r.campaignId}#${r.region}#${r.batch}`;
const smoKey = (r: InformingRef, smo: string) => ({ pk: pk(r), sk: `SMO#${smo}` });
const versionKey = (r: InformingRef, smo: string, version: number) => ({ pk: pk(r), sk: `VER#${smo}#${String(version).padStart(4, '0')}` });

async function getItem<T>(key: { pk: string; sk: string }): Promise<T | undefined> {
  const out = await dynamoClient().send(new GetCommand({ TableName: mainTable(), Key: key, ConsistentRead: true }));
  return out.Item ? stripKeys<T>(out.Item) : undefined;
}

export const getRun = (ref: InformingRef): Promise<InformingRun | undefined> => getItem<InformingRun>({ pk: pk(ref), sk: 'STATE' });

/** Records a run unless the same or a later one is recorded already; false then. */
export async function startRun(next: InformingRun): Promise<boolean> {
  try {
    await dynamoClient().send(
      new PutCommand({
        TableName: mainTable(),
        Item: { pk: pk(next), sk: 'STATE', ...next },
        ConditionExpression: 'attribute_not_exists(pk) OR #run < :run',
        ExpressionAttributeNames: { '#run': 'run' },
        ExpressionAttributeValues: { ':run': next.run },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Marks the run complete (first completion kept); false when a later run took over. */
export async function completeRun(ref: InformingRef, run: string, at: string): Promise<boolean> {
  try {
    await dynamoClient().send(
      new UpdateCommand({
        TableName: mainTable(),
        Key: { pk: pk(ref), sk: 'STATE' },
        UpdateExpression: 'SET completedAt = :at, firstCompletedAt = if_not_exists(firstCompletedAt, :at)',
        ConditionExpression: '#run = :run AND attribute_not_exists(completedAt)',
        ExpressionAttributeNames: { '#run': 'run' },
        ExpressionAttributeValues: { ':at': at, ':run': run },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

export const getSmoInforming = (ref: InformingRef, smo: string): Promise<SmoInforming | undefined> => getItem<SmoInforming>(smoKey(ref, smo));

export async function smoInformingOf(ref: InformingRef): Promise<SmoInforming[]> {
  const out: SmoInforming[] = [];
  for await (const page of queryAll({ KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)', ExpressionAttributeValues: { ':pk': pk(ref), ':p': 'SMO#' }, ConsistentRead: true })) {
    out.push(...page.map((i) => stripKeys<SmoInforming>(i)));
  }
  return out;
}

/**
 * Puts the SMO into run `run` (PENDING) unless it is in this or a later run already; keeps its
 * published version. One conditional update, so a redelivered orchestrator changes nothing.
 */
export async function planSmoRun(ref: InformingRef, smo: string, run: string, at: string): Promise<boolean> {
  try {
    await dynamoClient().send(
      new UpdateCommand({
        TableName: mainTable(),
        Key: smoKey(ref, smo),
        UpdateExpression:
          'SET campaignId = :c, #region = :r, #batch = :b, smo = :s, #run = :run, #status = :pending, version = if_not_exists(version, :zero), updatedAt = :at REMOVE #error, attempts, doneAt',
        ConditionExpression: 'attribute_not_exists(pk) OR #run < :run',
        ExpressionAttributeNames: { '#region': 'region', '#batch': 'batch', '#run': 'run', '#status': 'status', '#error': 'error' },
        ExpressionAttributeValues: { ':c': ref.campaignId, ':r': ref.region, ':b': ref.batch, ':s': smo, ':run': run, ':pending': 'PENDING', ':zero': 0, ':at': at },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Changes the SMO's item while it is still in run `run`; false when a later run took over. */
export function updateSmoInforming(ref: InformingRef, smo: string, run: string, changes: Partial<SmoInforming>): Promise<boolean> {
  return updateWhere(smoKey(ref, smo), { ...changes, updatedAt: new Date().toISOString() }, { expression: '#run = :run', names: { '#run': 'run' }, values: { ':run': run } });
}

/**
 * Records a published version. A retried worker of the same run rewrites it (same objects) and
 * keeps its downloads; a version of another run is never overwritten.
 */
export async function putVersion(v: InformingVersion): Promise<boolean> {
  const { downloadedBy: _d, firstDownloadedAt: _f, lastDownloadedAt: _l, downloads: _n, acknowledgedAt: _a, acknowledgedBy: _b, ...fields } = v;
  return updateWhere(
    versionKey(v, v.smo, v.version),
    { ...fields, gsi1pk: `INFILES#${v.smo}`, gsi1sk: `${v.formedAt}#${v.fileId}` },
    { expression: 'attribute_not_exists(pk) OR #run = :run', names: { '#run': 'run' }, values: { ':run': v.run } },
  );
}

export const getVersion = (ref: InformingRef, smo: string, version: number): Promise<InformingVersion | undefined> =>
  getItem<InformingVersion>(versionKey(ref, smo, version));

/** Versions of one SMO's files, every campaign and batch, newest first; `since`: published after it. */
export async function versionsOfSmo(smo: string, since?: string): Promise<InformingVersion[]> {
  const out: InformingVersion[] = [];
  const after = since ? { KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk > :since', ExpressionAttributeValues: { ':pk': `INFILES#${smo}`, ':since': `${since}#~` } } : undefined;
  for await (const page of queryAll({
    IndexName: 'gsi1',
    ...(after ?? { KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': `INFILES#${smo}` } }),
    ScanIndexForward: false,
  })) {
    out.push(...page.map((i) => stripKeys<InformingVersion>(i)));
  }
  return out;
}

/** The newest version of one SMO in one region batch (consistent read). */
export async function latestVersion(ref: InformingRef, smo: string): Promise<InformingVersion | undefined> {
  const out = await dynamoClient().send(
    new QueryCommand({
      TableName: mainTable(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': pk(ref), ':p': `VER#${smo}#` },
      ScanIndexForward: false,
      Limit: 1,
      ConsistentRead: true,
    }),
  );
  return out.Items?.[0] ? stripKeys<InformingVersion>(out.Items[0]) : undefined;
}

/** Every version of one SMO in one region batch, oldest first. */
async function versionsOf(ref: InformingRef, smo: string): Promise<InformingVersion[]> {
  const out: InformingVersion[] = [];
  for await (const page of queryAll({ KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)', ExpressionAttributeValues: { ':pk': pk(ref), ':p': `VER#${smo}#` }, ConsistentRead: true })) {
    out.push(...page.map((i) => stripKeys<InformingVersion>(i)));
  }
  return out;
}

export async function findVersion(smo: string, fileId: string): Promise<InformingVersion | undefined> {
  return (await versionsOfSmo(smo)).find((v) => v.fileId === fileId);
}

/** A signed link handed to a user of the SMO: first and last time, count, who. */
export async function recordDownload(v: InformingVersion, snils: string, at: string): Promise<void> {
  await dynamoClient().send(
    new UpdateCommand({
      TableName: mainTable(),
      Key: versionKey(v, v.smo, v.version),
      UpdateExpression: 'SET firstDownloadedAt = if_not_exists(firstDownloadedAt, :at), lastDownloadedAt = :at, downloads = if_not_exists(downloads, :zero) + :one ADD downloadedBy :who',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':at': at, ':zero': 0, ':one': 1, ':who': new Set([snils]) },
    }),
  );
}

/** The SMO acknowledges receipt of a downloaded file once; false when it already did or never downloaded it. */
export async function recordAcknowledgement(v: InformingVersion, snils: string, at: string): Promise<boolean> {
  // Downloaded first: checked here, on the item itself (the list the API read it from is an index).
  return updateWhere(versionKey(v, v.smo, v.version), { acknowledgedAt: at, acknowledgedBy: snils }, { expression: 'attribute_exists(pk) AND attribute_exists(firstDownloadedAt) AND attribute_not_exists(acknowledgedAt)' });
}

/** Registry entries (stage x.3) of one SMO in one region batch, page by page, by MO and ЕНП. */
export async function* plansOfSmo(ref: InformingRef, smo: string): AsyncGenerator<StoredPlan[]> {
  for await (const page of queryAll({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :region)',
    ExpressionAttributeValues: { ':pk': `PLANS#${ref.campaignId}#${ref.batch}#${smo}`, ':region': `${ref.region}#` },
  })) {
    yield page.map((i) => stripKeys<StoredPlan>(i));
  }
}

/**
 * For the obligations (4.2–4.5): the informing forming of one region batch — the current run,
 * when it completed (and when a run first did), and per SMO its status, its latest version, when
 * that version was formed, first downloaded and acknowledged, and when any of its versions was
 * first downloaded. Undefined when forming was never asked for.
 */
export interface InformingState {
  run: string;
  trigger: RunTrigger;
  completedAt?: string;
  firstCompletedAt?: string;
  smos: Array<{
    smo: string;
    status: SmoFileStatus;
    version: number;
    fileId?: string;
    formedAt?: string;
    firstFormedAt?: string;
    firstDownloadedAt?: string;
    acknowledgedAt?: string;
    anyDownloadedAt?: string;
  }>;
}

export async function informingStateOf(ref: InformingRef): Promise<InformingState | undefined> {
  const run = await getRun(ref);
  if (!run) return undefined;
  const items = new Map((await smoInformingOf(ref)).map((i) => [i.smo, i]));
  const codes = [...new Set([...run.smos, ...items.keys()])].sort();
  const smos = await Promise.all(
    codes.map(async (smo) => {
      const item = items.get(smo);
      const versions = item?.version ? await versionsOf(ref, smo) : [];
      const latest = versions.find((v) => v.version === item?.version);
      const downloads = versions.map((v) => v.firstDownloadedAt).filter((t): t is string => !!t).sort();
      return {
        smo,
        status: item?.status ?? 'PENDING',
        version: item?.version ?? 0,
        ...(latest
          ? { fileId: latest.fileId, formedAt: latest.formedAt, firstFormedAt: versions[0]!.formedAt, firstDownloadedAt: latest.firstDownloadedAt, acknowledgedAt: latest.acknowledgedAt }
          : {}),
        ...(downloads[0] ? { anyDownloadedAt: downloads[0] } : {}),
      };
    }),
  );
  return { run: run.run, trigger: run.trigger, completedAt: run.completedAt, firstCompletedAt: run.firstCompletedAt, smos };
}
