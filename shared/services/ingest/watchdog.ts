import { filesSince, updateFileIfUnchanged } from '../../adapters/store/files.js';
import { fileIssue } from '../../flk/codes.js';
import { rejectFailedFile } from './verdicts.js';
import { REJECTERS } from './rejecters.js';
import { sendMessages } from '../../adapters/sqs.js';
import { logger } from '../../adapters/lambda/logger.js';
import type { FileRecord } from '../../ingest/file-record.js';
import { planOf, WHOLE_FILE_QUEUES } from '../../ingest/inbox.js';
import type { ChunkMessage, LoadMessage } from '../../ingest/messages.js';
import { loadReferenceData } from '../../reference/load.js';
import { STALE_AFTER_MS } from './heartbeat.js';

const LOOKBACK_MS = 3 * 24 * 3600 * 1000;
/**
 * Re-sends of one file before the watchdog gives up on it. Each re-send gets the queue's full
 * retries, and waits twice as long as the one before (STALE_AFTER_MS × 2^redrives: 3, 6, 12, then
 * 24 min to the verdict), so a file still stuck after this many (~45 min) is not waiting for a passing fault: it gets a
 * verdict (REJECTED, F014) instead of being re-sent for days.
 */
export const MAX_REDRIVES = 3;

export interface RedriveOptions {
  /**
   * How long a file must have been silent (no phase move, chunk or heartbeat: heartbeat.ts) before
   * its first re-send. 0 = every unfinished file (the local start-up, after the queues died).
   */
  staleAfterMs?: number;
  /**
   * Whether the re-send counts against MAX_REDRIVES. The local start-up's does not: its messages
   * died with the in-memory queue emulator, not because of the file.
   */
  counted?: boolean;
}

/**
 * Files that have not moved for their stale time are nudged: the missing chunk, finalize or load
 * messages are sent again (every step is idempotent, so a nudge to a slow but live file is harmless,
 * only wasteful — workers beat for their file so it does not happen). A file with a verdict (phase
 * DONE, e.g. REJECTED) is final and never re-sent; one re-sent MAX_REDRIVES times already is
 * rejected with a protocol.
 */
export async function redriveStuckFiles(
  now: Date,
  { staleAfterMs = STALE_AFTER_MS, counted = true }: RedriveOptions = {},
): Promise<{ checked: number; redriven: number; rejected: number }> {
  const senders = [...loadReferenceData().regions.keys(), 'federal'];
  const since = new Date(now.getTime() - LOOKBACK_MS).toISOString();
  let checked = 0;
  let redriven = 0;
  let rejected = 0;
  for (const sender of senders) {
    for await (const file of filesSince(sender, since)) {
      checked++;
      if (file.phase === 'DONE') continue;
      const redrives = file.redrives ?? 0;
      const staleBefore = new Date(now.getTime() - (counted ? staleAfterMs * 2 ** Math.min(redrives, MAX_REDRIVES) : staleAfterMs)).toISOString();
      if (file.updatedAt > staleBefore) continue;
      if (counted && redrives >= MAX_REDRIVES) {
        const issue = fileIssue('F014', { detail: `файл ${redrives} раза возвращался в обработку и так и не был проверен` });
        if (await rejectFailedFile(file, issue, REJECTERS[file.kind])) rejected++;
        else logger.error('File stuck past the redrive cap; left for an operator', { fileId: file.fileId, phase: file.phase });
        continue;
      }
      // Counted before the re-send; a file that moved or beat meanwhile, or that an overlapping pass
      // took, is left as it is.
      if (!(await updateFileIfUnchanged(file, counted ? { redrives: redrives + 1 } : {}))) continue;
      if (await nudge(file)) redriven++;
    }
  }
  logger.info('Watchdog pass', { checked, redriven, rejected });
  return { checked, redriven, rejected };
}

async function nudge(file: FileRecord): Promise<boolean> {
  // Checked whole by its own worker, every step of which is safe to repeat.
  const wholeFileQueue = WHOLE_FILE_QUEUES[file.kind];
  if (wholeFileQueue) {
    if (file.phase !== 'VALIDATING') {
      logger.warn('File stuck before its worker', { fileId: file.fileId, phase: file.phase });
      return false;
    }
    await sendMessages(wholeFileQueue, [{ fileId: file.fileId }]);
    logger.info('File redriven', { fileId: file.fileId, phase: file.phase, queue: wholeFileQueue });
    return true;
  }
  const plan = planOf(file);
  switch (file.phase) {
    case 'VALIDATING': {
      const missing = plan.filter((r) => !file.validatedChunks?.includes(r.chunk));
      if (!missing.length) await sendMessages('ingest-finalize', [{ fileId: file.fileId }]);
      else await sendMessages('ingest-chunks', missing.map((r): ChunkMessage => ({ fileId: file.fileId, ...r })));
      break;
    }
    case 'FINALIZING':
      await sendMessages('ingest-finalize', [{ fileId: file.fileId }]);
      break;
    case 'LOADING': {
      const missing = plan.filter((r) => !file.loadedChunks?.includes(r.chunk));
      // All loaded but the phase never moved on: loading one chunk again (idempotent) completes it.
      const resend = missing.length ? missing : plan.slice(0, 1);
      await sendMessages('ingest-load', resend.map((r): LoadMessage => ({ fileId: file.fileId, chunk: r.chunk })));
      break;
    }
    default:
      // RECEIVED: the notification itself is still being retried by SQS (or is in its DLQ).
      logger.warn('File stuck before planning', { fileId: file.fileId });
      return false;
  }
  logger.info('File redriven', { fileId: file.fileId, phase: file.phase });
  return true;
}
