import { filesSince } from '../../adapters/store/files.js';
import { sendMessages } from '../../adapters/sqs.js';
import { logger } from '../../adapters/lambda/logger.js';
import type { FileRecord } from '../../ingest/file-record.js';
import { planOf, WHOLE_FILE_QUEUES } from '../../ingest/inbox.js';
import type { ChunkMessage, LoadMessage } from '../../ingest/messages.js';
import { loadReferenceData } from '../../reference/load.js';

const LOOKBACK_MS = 3 * 24 * 3600 * 1000;

/**
 * Files that have not moved for `staleAfterMs` are nudged: the missing chunk, finalize or load
 * messages are sent again (every step is idempotent, so a nudge to a slow but live file is harmless).
 */
export async function redriveStuckFiles(now: Date, staleAfterMs = 30 * 60 * 1000): Promise<{ checked: number; redriven: number }> {
  const senders = [...loadReferenceData().regions.keys(), 'federal'];
  const since = new Date(now.getTime() - LOOKBACK_MS).toISOString();
  const staleBefore = new Date(now.getTime() - staleAfterMs).toISOString();
  let checked = 0;
  let redriven = 0;
  for (const sender of senders) {
    for await (const file of filesSince(sender, since)) {
      checked++;
      if (file.phase === 'DONE' || file.updatedAt > staleBefore) continue;
      if (await nudge(file)) redriven++;
    }
  }
  logger.info('Watchdog pass', { checked, redriven });
  return { checked, redriven };
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
