import { getFile } from '../../adapters/store/files.js';
import { logger } from '../../adapters/lambda/logger.js';
import type { FlkIssue } from '../../flk/types.js';
import type { FileRecord } from '../../ingest/file-record.js';
import { failureVerdict, type Attempt } from '../../ingest/poison.js';
import { withHeartbeat } from './heartbeat.js';
import { rejectWhole } from './protocol.js';

/**
 * How a file is ended as REJECTED when its check cannot finish: a protocol naming the reason, and
 * the sender's own view of its upload where the kind has one. Nothing of the file was loaded in
 * these phases (stage 1 loads only after FINALIZING; whole-file kinds load last). Each worker
 * passes its own kind's (so a Lambda reaches only its own kind's code, and IAM grants only its
 * queues); the watchdog, which meets every kind, takes them from rejecters.ts.
 */
export type Rejecter = (file: FileRecord, issues: FlkIssue[]) => Promise<unknown>;

/** Stage 1 (insured exports, the COVID register): the protocol of the whole file. */
export const rejectStageOneFile: Rejecter = (file, issues) => rejectWhole(file, issues, ['VALIDATING', 'FINALIZING']);

/** Phases a file can still be rejected in; a LOADING file already has its verdict and protocol. */
export const REJECTABLE_PHASES: ReadonlySet<FileRecord['phase']> = new Set(['VALIDATING', 'FINALIZING']);

/** Rejects a file whose check failed for good; false when it has a verdict already or is past rejecting. */
export async function rejectFailedFile(file: FileRecord, issue: FlkIssue, reject: Rejecter): Promise<boolean> {
  if (!REJECTABLE_PHASES.has(file.phase)) return false;
  await reject(file, [issue]);
  logger.warn('File rejected: its check cannot finish', { fileId: file.fileId, kind: file.kind, code: issue.code });
  return true;
}

/**
 * Runs one step of a file's check (a chunk, the finalize, a whole-file worker) so that every file
 * ends with a verdict: a failure no retry can cure, or the last receive of a failing message,
 * rejects the file with a protocol (failureVerdict); any other failure is rethrown for SQS to retry.
 * The step beats for its file meanwhile, so the watchdog leaves a slow but live file alone.
 */
export async function withVerdict(fileId: string, attempt: Attempt, reject: Rejecter, step: () => Promise<unknown>): Promise<void> {
  try {
    await withHeartbeat(fileId, step);
  } catch (error) {
    const issue = failureVerdict(error, attempt);
    if (!issue) throw error;
    logger.error('File check failed for good', { fileId, receiveCount: attempt.receiveCount, error: (error as Error).name });
    const file = await getFile(fileId);
    if (!file || !(await rejectFailedFile(file, issue, reject))) throw error;
  }
}
