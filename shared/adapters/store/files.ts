import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ChunkSummary, FilePhase, FileRecord } from '../../ingest/file-record.js';
import { contentScopeOf } from '../../ingest/inbox.js';
import { dynamoClient } from '../clients.js';
import { isConditionFailure, mainTable, queryAll, queryPage, updateWhere, type Item } from './dynamo.js';

const fileKey = (fileId: string) => ({ pk: `FILE#${fileId}`, sk: 'META' });
const chunkSk = (chunk: number) => `CHUNK#${String(chunk).padStart(5, '0')}`;

/** DynamoDB sets cannot be empty and come back as Set objects; the record uses sorted arrays. */
function fromItem(item: Item): FileRecord {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, validatedChunks, loadedChunks, claimedFrom, ...rest } = item;
  return {
    ...(rest as unknown as FileRecord),
    validatedChunks: setToArray(validatedChunks),
    loadedChunks: setToArray(loadedChunks),
    ...(claimedFrom instanceof Set ? { claimedFrom: [...(claimedFrom as Set<string>)].sort() } : {}),
  };
}

const setToArray = (value: unknown): number[] =>
  value instanceof Set ? [...(value as Set<number>)].sort((a, b) => a - b) : [];

/** Creates the record once; false when this file (same bucket, key, version) is already known. */
export async function createFile(record: FileRecord): Promise<boolean> {
  const { validatedChunks: _v, loadedChunks: _l, ...plain } = record;
  try {
    await dynamoClient().send(
      new PutCommand({
        TableName: mainTable(),
        Item: { ...fileKey(record.fileId), gsi1pk: `FILES#${record.sender}`, gsi1sk: `${record.receivedAt}#${record.fileId}`, ...plain },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

export async function getFile(fileId: string): Promise<FileRecord | undefined> {
  const out = await dynamoClient().send(new GetCommand({ TableName: mainTable(), Key: fileKey(fileId), ConsistentRead: true }));
  return out.Item ? fromItem(out.Item) : undefined;
}

/**
 * Sets attributes and moves the phase, only from one of `from`. Returns false when the file is
 * elsewhere already (a redelivered message that lost the race): the caller then does nothing.
 */
export async function updateFile(
  fileId: string,
  from: FilePhase[],
  changes: Partial<Omit<FileRecord, 'fileId' | 'validatedChunks' | 'loadedChunks'>>,
): Promise<boolean> {
  // Attributes left out (undefined) stay as they are: callers pass only what they know.
  const defined = Object.fromEntries(Object.entries({ ...changes, updatedAt: new Date().toISOString() }).filter(([, v]) => v !== undefined));
  const values = Object.fromEntries(from.map((phase, i) => [`:from${i}`, phase]));
  return updateWhere(fileKey(fileId), defined, { expression: `#phase IN (${Object.keys(values).join(', ')})`, names: { '#phase': 'phase' }, values });
}

/**
 * Like updateFile, but only while the record is as `seen` (same phase and updatedAt): of two
 * watchdog passes, or a pass and a worker's heartbeat, exactly one goes on.
 */
export async function updateFileIfUnchanged(
  seen: Pick<FileRecord, 'fileId' | 'phase' | 'updatedAt'>,
  changes: Partial<Omit<FileRecord, 'fileId' | 'validatedChunks' | 'loadedChunks'>>,
): Promise<boolean> {
  return updateWhere(fileKey(seen.fileId), { ...changes, updatedAt: new Date().toISOString() }, {
    expression: '#phase = :seenPhase AND #updatedAt = :seenAt',
    names: { '#phase': 'phase', '#updatedAt': 'updatedAt' },
    values: { ':seenPhase': seen.phase, ':seenAt': seen.updatedAt },
  });
}

/**
 * Records that a chunk finished a step. Adding to a number set is idempotent, so a redelivered
 * message cannot count twice; returns how many distinct chunks have finished the step.
 */
export async function markChunk(fileId: string, step: 'validatedChunks' | 'loadedChunks', chunk: number): Promise<number> {
  const out = await dynamoClient().send(
    new UpdateCommand({
      TableName: mainTable(),
      Key: fileKey(fileId),
      UpdateExpression: 'ADD #step :chunk SET updatedAt = :now',
      ExpressionAttributeNames: { '#step': step },
      ExpressionAttributeValues: { ':chunk': new Set([chunk]), ':now': new Date().toISOString() },
      ReturnValues: 'ALL_NEW',
    }),
  );
  return setToArray(out.Attributes?.[step]).length;
}

/** Regions holding persons this file's rows claimed (cross-region conflicts): recomputed with the file's own. */
export async function markClaimedFrom(fileId: string, regions: readonly string[]): Promise<void> {
  if (!regions.length) return;
  await dynamoClient().send(
    new UpdateCommand({
      TableName: mainTable(),
      Key: fileKey(fileId),
      UpdateExpression: 'ADD claimedFrom :regions',
      ExpressionAttributeValues: { ':regions': new Set(regions) },
    }),
  );
}

export async function putChunkSummary(fileId: string, summary: ChunkSummary): Promise<void> {
  await dynamoClient().send(
    new PutCommand({ TableName: mainTable(), Item: { pk: `FILE#${fileId}`, sk: chunkSk(summary.chunk), ...summary } }),
  );
}

export async function getChunkSummaries(fileId: string): Promise<ChunkSummary[]> {
  const summaries: ChunkSummary[] = [];
  for await (const page of queryAll({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :chunk)',
    ExpressionAttributeValues: { ':pk': `FILE#${fileId}`, ':chunk': 'CHUNK#' },
    ConsistentRead: true,
  })) {
    for (const { pk: _pk, sk: _sk, ...summary } of page) summaries.push(summary as unknown as ChunkSummary);
  }
  return summaries.sort((a, b) => a.chunk - b.chunk);
}

/**
 * Claims a file content (its sender's scope, kind, etag, size) for a file id. Returns the id of the
 * earlier file with the same content when there is one that was not rejected. The claim is a
 * conditional write, so of two identical files arriving together exactly one is processed.
 */
export async function claimContent(
  record: Pick<FileRecord, 'fileId' | 'sender' | 'prefix' | 'kind' | 'etag' | 'size'>,
  isLive: (fileId: string) => Promise<boolean>,
): Promise<string | undefined> {
  const key = { pk: `CONTENT#${contentScopeOf(record)}#${record.kind}#${record.etag}#${record.size}`, sk: 'META' };
  for (;;) {
    const existing = await dynamoClient().send(new GetCommand({ TableName: mainTable(), Key: key, ConsistentRead: true }));
    const earlier = existing.Item?.fileId as string | undefined;
    if (earlier === record.fileId) return undefined;
    if (earlier && (await isLive(earlier))) return earlier;
    try {
      // Take the claim only from what we saw: nobody, or a rejected earlier file.
      await dynamoClient().send(
        new PutCommand({
          TableName: mainTable(),
          Item: { ...key, fileId: record.fileId },
          ConditionExpression: earlier ? 'fileId = :earlier' : 'attribute_not_exists(pk)',
          ExpressionAttributeValues: earlier ? { ':earlier': earlier } : undefined,
        }),
      );
      return undefined;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      // Someone claimed it meanwhile: look again.
    }
  }
}

export async function listFiles(sender: string, cursor?: string, limit = 50): Promise<{ files: FileRecord[]; cursor?: string }> {
  const page = await queryPage(
    {
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': `FILES#${sender}` },
      ScanIndexForward: false,
      Limit: limit,
    },
    cursor,
  );
  return { files: page.items.map(fromItem), cursor: page.cursor };
}

/** Files of a sender received since `since` (ISO), for the watchdog. */
export async function* filesSince(sender: string, since: string): AsyncGenerator<FileRecord> {
  for await (const page of queryAll({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk >= :since',
    ExpressionAttributeValues: { ':pk': `FILES#${sender}`, ':since': since },
  })) {
    for (const item of page) yield fromItem(item);
  }
}
