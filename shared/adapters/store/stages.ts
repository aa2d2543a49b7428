import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { BatchId } from '../../domain/records.js';
import type { MoProgress, RegistrySummary, ReturnCounts, ReturnLoader, StageEvent, StageState } from '../../abonent/stage.js';
import { dynamoClient } from '../clients.js';
import { isConditionFailure, mainTable, queryAll, queryKeptPage, updateWhere, type UpdateCondition } from './dynamo.js';

/**
 * Stages 2–3 of one region and batch: the stage item (`STAGE#<campaign>#<region>#<batch>` /
 * `STATE`, guarded by `version`) and one item per MO (`… / MO#<mo>`) with its file and its last
 * accepted return. MO items are also indexed per MO (`APFILES#<mo>`) for the MO's own file list.
 */
export interface StageRef {
  campaignId: string;
  region: string;
  batch: BatchId;
}

export interface Stage extends StageRef {
  state: StageState;
  version: number;
  history: StageEvent[];
  /** MOs planned at the last (re)start. */
  mos: number;
  registry?: RegistrySummary;
  finalListKey?: string;
  updatedAt: string;
}

export interface MoFile extends StageRef, MoProgress {
  fileId: string;
  key?: string;
  /** Work-bucket copy of the locked columns, to check returns row by row. */
  originalsKey?: string;
  hash?: string;
  formedAt?: string;
  error?: string;
  attempts?: number;
  /** Work-bucket JSON lines of the accepted entries of the last accepted return. */
  entriesKey?: string;
  finalKey?: string;
}

const pk = (s: StageRef) => `STAGE#${s.campaignId}#${s.region}#${s.batch}`;
const strip = <T>({ pk: _p, sk: _s, gsi1pk: _a, gsi1sk: _b, ...rest }: Record<string, unknown>): T => rest as T;

export async function getStage(ref: StageRef): Promise<Stage | undefined> {
  const out = await dynamoClient().send(new GetCommand({ TableName: mainTable(), Key: { pk: pk(ref), sk: 'STATE' }, ConsistentRead: true }));
  return out.Item ? strip<Stage>(out.Item) : undefined;
}

/** False when someone changed the stage since `expectedVersion` (undefined = must not exist). */
export async function saveStage(stage: Stage, expectedVersion?: number): Promise<boolean> {
  try {
    await dynamoClient().send(
      new PutCommand({
        TableName: mainTable(),
        Item: { pk: pk(stage), sk: 'STATE', gsi1pk: `STAGES#${stage.campaignId}`, gsi1sk: `${stage.region}#${stage.batch}`, ...stage },
        ConditionExpression: expectedVersion === undefined ? 'attribute_not_exists(pk)' : 'version = :v',
        ExpressionAttributeValues: expectedVersion === undefined ? undefined : { ':v': expectedVersion },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

export async function stagesOf(campaignId: string): Promise<Stage[]> {
  const stages: Stage[] = [];
  for await (const page of queryAll({ IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': `STAGES#${campaignId}` } })) {
    stages.push(...page.map((i) => strip<Stage>(i)));
  }
  return stages;
}

const moKey = (ref: StageRef, mo: string) => ({ pk: pk(ref), sk: `MO#${mo}` });
const moIndex = (ref: StageRef, mo: string) => ({ gsi1pk: `APFILES#${mo}`, gsi1sk: `${ref.campaignId}#${ref.batch}` });

/** Plans an MO's file once; an existing item (formed, failed or returned) is left as it is. */
export async function planMoFile(file: MoFile): Promise<boolean> {
  try {
    await dynamoClient().send(
      new PutCommand({ TableName: mainTable(), Item: { ...moKey(file, file.mo), ...moIndex(file, file.mo), ...file }, ConditionExpression: 'attribute_not_exists(pk)' }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

export async function getMoFile(ref: StageRef, mo: string): Promise<MoFile | undefined> {
  const out = await dynamoClient().send(new GetCommand({ TableName: mainTable(), Key: moKey(ref, mo), ConsistentRead: true }));
  return out.Item ? strip<MoFile>(out.Item) : undefined;
}

export async function moFilesOf(ref: StageRef): Promise<MoFile[]> {
  const files: MoFile[] = [];
  for await (const page of queryAll({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :mo)',
    ExpressionAttributeValues: { ':pk': pk(ref), ':mo': 'MO#' },
    ConsistentRead: true,
  })) {
    files.push(...page.map((i) => strip<MoFile>(i)));
  }
  return files;
}

/** One page of the batch's MO files in MO code order, those `keep` accepts (a region may have 9,000 MOs). */
export async function moFilesPage(ref: StageRef, opts: { limit: number; cursor?: string; keep?: (file: MoFile) => boolean }): Promise<{ files: MoFile[]; cursor?: string }> {
  const keep = opts.keep ?? (() => true);
  const page = await queryKeptPage(
    { KeyConditionExpression: 'pk = :pk AND begins_with(sk, :mo)', ExpressionAttributeValues: { ':pk': pk(ref), ':mo': 'MO#' }, ConsistentRead: true },
    (item) => keep(strip<MoFile>(item)),
    opts,
  );
  return { files: page.items.map((i) => strip<MoFile>(i)), cursor: page.cursor };
}

/** Every file of one MO, all campaigns and batches. */
export async function filesOfMo(mo: string): Promise<MoFile[]> {
  const files: MoFile[] = [];
  for await (const page of queryAll({ IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': `APFILES#${mo}` } })) {
    files.push(...page.map((i) => strip<MoFile>(i)));
  }
  return files;
}

export async function findMoFile(mo: string, fileId: string): Promise<MoFile | undefined> {
  return (await filesOfMo(mo)).find((f) => f.fileId === fileId);
}

/** Sets attributes of an MO's item (which must exist); an attribute given as undefined is removed. */
export async function updateMoFile(ref: StageRef, mo: string, changes: Partial<MoFile>, condition?: UpdateCondition): Promise<boolean> {
  const expression = ['attribute_exists(pk)', condition?.expression].filter(Boolean).join(' AND ');
  return updateWhere(moKey(ref, mo), changes, { ...condition, expression });
}

/** Records a return as the MO's current one unless a later one is already recorded. */
export async function recordReturn(
  ref: StageRef,
  mo: string,
  returned: ReturnCounts & { status: string; receivedAt: string; returnFileId: string; loadedBy?: ReturnLoader },
  entriesKey: string,
): Promise<boolean> {
  return updateMoFile(ref, mo, { returned, entriesKey }, {
    expression: '(attribute_not_exists(#r) OR #r.#at <= :at)',
    names: { '#r': 'returned', '#at': 'receivedAt' },
    values: { ':at': returned.receivedAt },
  });
}

/** What an MO sees of one returned file: state, counts and where its protocol is. */
export interface ReturnView {
  returnFileId: string;
  receivedAt: string;
  name: string;
  status: string;
  rows?: number;
  acceptedRows?: number;
  rejectedRows?: number;
  errors?: number;
  protocolCsvKey?: string;
  protocolXlsxKey?: string;
  /** Absent on returns loaded before loaders were kept. */
  loadedBy?: ReturnLoader;
}

const returnKey = (file: MoFile, view: Pick<ReturnView, 'receivedAt' | 'returnFileId'>) => ({
  pk: pk(file),
  sk: `RET#${file.mo}#${file.fileId}#${view.receivedAt}#${view.returnFileId}`,
});

export async function putReturnView(file: MoFile, view: ReturnView): Promise<void> {
  await dynamoClient().send(new PutCommand({ TableName: mainTable(), Item: { ...returnKey(file, view), ...view } }));
}

/** Returns of one MO file, newest first. */
export async function returnsOf(file: MoFile): Promise<ReturnView[]> {
  const views: ReturnView[] = [];
  for await (const page of queryAll({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
    ExpressionAttributeValues: { ':pk': pk(file), ':p': `RET#${file.mo}#${file.fileId}#` },
    ScanIndexForward: false,
  })) {
    views.push(...page.map((i) => strip<ReturnView>(i)));
  }
  return views;
}
