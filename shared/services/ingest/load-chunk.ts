import { config } from '../../config.js';
import { readSmallObject } from '../../adapters/s3.js';
import { forEachLimited } from '../../adapters/store/dynamo.js';
import { getFile, markChunk, markClaimedFrom, updateFile } from '../../adapters/store/files.js';
import { addCovidCase, markRegionPopulated, populatedRegions, putPerson } from '../../adapters/store/persons.js';
import { sendMessages } from '../../adapters/sqs.js';
import { logger } from '../../adapters/lambda/logger.js';
import type { CovidCase, InsuredPerson } from '../../domain/records.js';
import { formatWithRegistry } from './registry.js';
import { planOf, workKeys } from '../../ingest/inbox.js';
import type { LoadMessage, RecomputeMessage } from '../../ingest/messages.js';
import { claimRefusedRows, type RefusedRow } from '../conflicts/claims.js';
import { chunkRows } from './rows.js';

const WRITES_IN_FLIGHT = 16;
const BATCH = 500;

/**
 * Loads the valid rows of one chunk. Rows are validated again from the original (validation is
 * deterministic: same bytes, same "today") instead of being staged twice; duplicates found by the
 * finalizer are skipped. Writes are guarded by source order, so a redelivery changes nothing.
 */
export async function loadChunk(message: LoadMessage): Promise<void> {
  const file = await getFile(message.fileId);
  if (!file || file.phase !== 'LOADING') {
    logger.info('Load skipped: file not loading', { fileId: message.fileId, phase: file?.phase });
    return;
  }
  const dupsJson = await readSmallObject(config.bucket('work'), workKeys.duplicates(file.fileId, message.chunk));
  const duplicateLines = new Set<number>(dupsJson ? (JSON.parse(dupsJson.toString('utf8')) as number[]) : []);
  const validate = (await formatWithRegistry(file)).makeValidator();
  const src = `${file.receivedAt}#${file.fileId}`;
  const shards = config.regionShards();
  const chunkRange = planOf(file)[message.chunk];
  if (!chunkRange) throw new Error(`Chunk ${message.chunk} is outside the plan of file ${file.fileId}`);

  let loaded = 0;
  let superseded = 0;
  let claimed = 0;
  const holders = new Set<string>();
  let batch: Array<() => Promise<void>> = [];
  let refused: RefusedRow[] = [];
  const flush = async () => {
    await forEachLimited(batch, WRITES_IN_FLIGHT, (write) => write());
    batch = [];
    // Refused rows are rare (a re-sent region, persons in two regions): one BatchGet per batch sorts them.
    const outcome = await claimRefusedRows(file, src, refused, shards);
    loaded += outcome.loaded;
    superseded += outcome.superseded;
    claimed += outcome.claimed;
    outcome.holders.forEach((r) => holders.add(r));
    refused = [];
  };
  for await (const block of chunkRows(file, chunkRange).blocks) {
    for (const { line, fields } of block) {
      if (duplicateLines.has(line)) continue;
      const { record, issues } = validate(fields, line);
      if (!record || issues.some((i) => i.severity === 'error')) continue;
      if (file.kind === 'insured') {
        const person = record as InsuredPerson;
        batch.push(async () => {
          if (await putPerson({ ...person, region: file.sender, src, srcLine: line }, shards)) loaded++;
          else refused.push({ person, line });
        });
      } else {
        batch.push(async () => {
          await addCovidCase(record as CovidCase);
          loaded++;
        });
      }
      if (batch.length >= BATCH) await flush();
    }
  }
  await flush();
  if (file.kind === 'insured') await markRegionPopulated(file.sender);
  // Before the chunk counts as loaded, so the worker completing the file sees every holder region.
  await markClaimedFrom(file.fileId, [...holders]);

  const done = await markChunk(file.fileId, 'loadedChunks', message.chunk);
  logger.info('Chunk loaded', { chunk: message.chunk, loaded, superseded, claimed, done });
  if (done === file.chunkCount) {
    // Recompute first: if the phase move below is lost, a redelivery asks again (recompute is idempotent).
    // Holders of persons this file claimed recompute too: those persons leave their lists.
    // Read again: other chunks marked theirs after this one started.
    const regions = file.kind === 'insured' ? [...new Set([file.sender, ...((await getFile(file.fileId))?.claimedFrom ?? [])])] : await populatedRegions();
    const reason = `${file.kind} file ${file.fileId} loaded`;
    await sendMessages('groups-recompute', regions.map((region): RecomputeMessage => ({ region, reason })));
    await updateFile(file.fileId, ['LOADING'], { phase: 'DONE' });
  }
}

