import { config } from '../../config.js';
import { readObject, uploadStream } from '../../adapters/s3.js';
import { sendMessages } from '../../adapters/sqs.js';
import { logger } from '../../adapters/lambda/logger.js';
import { getMoFile, getStage, moFilesOf, saveStage, updateMoFile, type MoFile, type StageRef } from '../../adapters/store/stages.js';
import { joinEntries, writeFinalList, type FinalRow } from '../../abonent/final-list.js';
import { abonentKeys } from '../../abonent/keys.js';
import type { FinalListMessage } from '../../abonent/messages.js';
import type { PlanEntry } from '../../abonent/returned.js';
import { jsonLines } from '../../files/ndjson.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * x.5: final lists of an approved registry — one per MO (in the MO's outbox folder) and one for the
 * region (for the TFOMS). Without `mo` the message fans out. Lists are rebuilt whole from the files
 * handed out and the accepted returns, so a redelivered message writes the same objects.
 */
export async function buildFinalLists(message: FinalListMessage): Promise<void> {
  const ref: StageRef = { campaignId: message.campaignId, region: message.region, batch: message.batch };
  const stage = await getStage(ref);
  if (stage?.state !== 'APPROVED') {
    logger.warn('Final lists skipped: registry not approved', { ...ref, state: stage?.state });
    return;
  }
  if (!message.mo) {
    const formed = (await moFilesOf(ref)).filter((f) => f.status === 'FORMED');
    await sendMessages('final-lists', [...formed.map((f): FinalListMessage => ({ ...ref, mo: f.mo })), { ...ref, mo: 'region' }]);
    return;
  }
  if (message.mo === 'region') {
    const key = abonentKeys.regionFinal(ref);
    const formed = (await moFilesOf(ref)).filter((f) => f.status === 'FORMED').sort((a, b) => a.mo.localeCompare(b.mo));
    const rows = await write(key, `Итоговый список, регион ${ref.region}, партия ${ref.batch}`, regionRows(formed));
    // The stage may have moved meanwhile (a reopen): record the list only on the approved version.
    const latest = await getStage(ref);
    if (latest?.state === 'APPROVED') await saveStage({ ...latest, finalListKey: key, version: latest.version + 1 }, latest.version);
    logger.info('Region final list written', { ...ref, rows });
    return;
  }
  const file = await getMoFile(ref, message.mo);
  if (!file || file.status !== 'FORMED') return;
  const key = abonentKeys.moFinal(ref, file.mo, file.fileId);
  const rows = await write(key, `Итоговый список МО ${file.mo}`, moRows(file));
  await updateMoFile(ref, file.mo, { finalKey: key });
  logger.info('MO final list written', { ...ref, mo: file.mo, rows });
}

async function write(key: string, title: string, rows: AsyncIterable<FinalRow>): Promise<number> {
  const out = uploadStream(config.bucket('outbox'), key, XLSX);
  const [count] = await Promise.all([writeFinalList(out.stream, title, rows), out.done]);
  return count;
}

async function* moRows(file: MoFile): AsyncGenerator<FinalRow> {
  const originals = jsonLines<string[]>(await readObject(config.bucket('work'), file.originalsKey!));
  const entries = file.entriesKey ? jsonLines<PlanEntry>(await readObject(config.bucket('work'), file.entriesKey)) : undefined;
  yield* joinEntries(file.mo, originals, entries);
}

async function* regionRows(files: MoFile[]): AsyncGenerator<FinalRow> {
  for (const file of files) yield* moRows(file);
}
