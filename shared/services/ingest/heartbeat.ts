import { updateFile } from '../../adapters/store/files.js';
import { logger } from '../../adapters/lambda/logger.js';
import type { FilePhase } from '../../ingest/file-record.js';

/**
 * A worker busy with a file bumps the file's `updatedAt` this often, so the watchdog can tell a
 * slow but live file (one step may run up to the function's 15-minute timeout) from one whose
 * worker died: only a file silent for STALE_AFTER_MS is re-sent.
 */
export const HEARTBEAT_MS = 60_000;

/** Three missed beats: room for a queue hand-over, a cold start and a slow beat; short enough to resume in minutes. */
export const STALE_AFTER_MS = 3 * HEARTBEAT_MS;

const UNFINISHED: FilePhase[] = ['RECEIVED', 'VALIDATING', 'FINALIZING', 'LOADING'];

/** Runs one step of a file while beating for it; a failed beat is only logged (the nudge it may cause is harmless). */
export async function withHeartbeat<T>(fileId: string, step: () => Promise<T>, everyMs = HEARTBEAT_MS): Promise<T> {
  const beat = setInterval(() => {
    updateFile(fileId, UNFINISHED, {}).catch((error: unknown) => logger.warn('Heartbeat failed', { fileId, error: (error as Error).message }));
  }, everyMs);
  try {
    return await step();
  } finally {
    clearInterval(beat);
  }
}
