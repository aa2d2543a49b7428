import { config } from '../config.js';
import { logger } from '../adapters/lambda/logger.js';
import { claimContent, getFile, updateFile } from '../adapters/store/files.js';
import type { FileKind, FileStatus } from '../domain/records.js';
import { fileIssue, issueCounts } from '../flk/codes.js';
import type { FlkIssue } from '../flk/types.js';
import type { FileRecord } from '../ingest/file-record.js';
import { protocolKeys } from '../ingest/inbox.js';
import { fileVerdict } from '../ingest/verdict.js';
import { iterate, publishProtocol, type ProtocolTotals } from '../services/ingest/protocol.js';

/**
 * The worker of the kinds checked whole, one file per message (WHOLE_FILE_QUEUES): MO returns of
 * the «абонентский пункт», SMO informing results, hospitalization days. It runs the same steps for
 * each — guard → identical-file check → the kind's check → verdict → store → protocol → the
 * sender's view → status — and a kind plugs in only what is its own (WholeFileCheck). Every
 * outcome, an empty or unreadable file included, is answered with a protocol where stage 1 puts
 * them (DOMAIN.md §9) and in the sender's own view; the guarded phase change comes last, so a rerun
 * after a crash redoes the same work with the same answer.
 */

/** What a kind's check found in one file. */
export interface Findings<A = unknown> {
  /** Data rows read (0 when the file was refused before its rows). */
  rows: number;
  /** Rows that failed a rule. */
  rejectedRows: number;
  /** Refused as a whole whatever its rows (a damaged workbook, a header, a day with errors). */
  refused?: boolean;
  /** The protocol's findings in order; a stream (staged in the work bucket) comes with its counts. */
  issues: FlkIssue[] | { stream: AsyncIterable<FlkIssue>; errors: number; warnings: number };
  /** What is stored when the file is not rejected (staged rows, a submission). */
  accepted?: A;
  encoding?: FileRecord['encoding'];
  format?: FileRecord['format'];
}

/** A file's answer, as its protocol, its record and its sender's view show it. */
export interface FileAnswer extends ProtocolTotals {
  duplicateOf?: string;
  encoding?: FileRecord['encoding'];
  format?: FileRecord['format'];
  protocolCsvKey: string;
  protocolXlsxKey: string;
}

/** What storing the accepted part gave: figures for the sender's view, or the finding that refuses the file after all. */
export type Stored<S> = { stored: S; refuse?: undefined } | { refuse: FlkIssue; stored?: undefined };

/** What a kind of file plugs into the worker. `C`: what its steps share (the sender's records); `A`/`S`: accepted and stored parts. */
export interface WholeFileCheck<C, A = unknown, S = unknown> {
  kind: FileKind;
  /** Whole: accepted or rejected whole; share (default): rejected past OMS_FLK_REJECT_SHARE of failed rows. */
  verdict?: 'whole' | 'share';
  /** A rejected file's rejected rows: all of them (default; none is loaded), or the failing ones as stage 1 counts them. */
  rejectedRowsOnReject?: 'all' | 'failing';
  /** The sender's records the other steps need; no side effects (also used to reject a file whose check cannot finish). */
  context(file: FileRecord): Promise<C>;
  /** Before anything is read: the sender's view shows the file as being checked, or the findings that refuse it now. */
  start?(file: FileRecord, context: C): Promise<FlkIssue[] | undefined>;
  /** The kind's own check of the file's bytes (after the identical-file check). */
  check(file: FileRecord, context: C): Promise<Findings<A>>;
  /** Stores the accepted part of a file that is not rejected. */
  store?(file: FileRecord, context: C, accepted: A, answer: FileAnswer): Promise<Stored<S>>;
  /** The sender's own view of its upload (and what else answers it), for every outcome. */
  show(file: FileRecord, context: C, answer: FileAnswer, stored: S | undefined): Promise<void>;
}

/** Checks one file of `check.kind`; a redelivered message finds it done ('skipped'). */
export async function runWholeFile<C, A, S>(check: WholeFileCheck<C, A, S>, fileId: string): Promise<FileStatus | 'skipped'> {
  const file = await getFile(fileId);
  if (!file || file.kind !== check.kind || file.phase !== 'VALIDATING') return 'skipped';
  logger.appendKeys({ fileId });
  const context = await check.context(file);
  const refused = await check.start?.(file, context);
  if (refused) return answer(check, file, context, 'REJECTED', refusal(refused));
  if (file.size === 0) return answer(check, file, context, 'REJECTED', refusal([fileIssue('F001', {})]));
  const earlier = await claimContent(file, async (id) => (await getFile(id))?.status !== 'REJECTED');
  if (earlier) return answer(check, file, context, 'DUPLICATE', { ...refusal([fileIssue('F007', { value: earlier })]), refused: false }, earlier);

  const findings = await check.check(file, context);
  const threshold = config.rejectErrorShare();
  const verdict =
    check.verdict === 'whole' ? { status: findings.refused ? ('REJECTED' as const) : ('ACCEPTED' as const) } : fileVerdict(findings.rows, findings.rejectedRows, threshold, findings.refused);
  const withVerdict = verdict.issue ? prependIssue(findings, verdict.issue) : findings;
  return answer(check, file, context, verdict.status, withVerdict);
}

/** Ends a file of `check.kind` whose check failed for good (shared/services/ingest/verdicts.ts): REJECTED in its sender's view too. */
export async function rejectWholeFile<C>(check: WholeFileCheck<C>, file: FileRecord, issues: FlkIssue[]): Promise<FileStatus> {
  return answer(check, file, await check.context(file), 'REJECTED', refusal(issues));
}

const refusal = (issues: FlkIssue[]): Findings => ({ rows: 0, rejectedRows: 0, refused: true, issues });

/** Store (unless rejected), protocol, the sender's view, then the guarded phase change. */
async function answer<C, A, S>(check: WholeFileCheck<C, A, S>, file: FileRecord, context: C, status: FileStatus, findings: Findings<A>, duplicateOf?: string): Promise<FileStatus> {
  let result = answerOf(check, file, status, findings, duplicateOf);
  let stored: S | undefined;
  if (status !== 'REJECTED' && status !== 'DUPLICATE' && check.store && findings.accepted !== undefined) {
    const outcome = await check.store(file, context, findings.accepted, result);
    if (outcome.refuse) {
      findings = { ...findings, refused: true, issues: [...(Array.isArray(findings.issues) ? findings.issues : []), outcome.refuse] };
      result = answerOf(check, file, 'REJECTED', findings);
    }
    stored = outcome.stored;
  }
  const issues = Array.isArray(findings.issues) ? iterate(findings.issues) : findings.issues.stream;
  const { protocolCsvKey: _c, protocolXlsxKey: _x, duplicateOf: _d, encoding, format, ...totals } = result;
  await publishProtocol({ ...file, encoding }, totals, issues);
  await check.show(file, context, result, stored);
  await updateFile(file.fileId, ['VALIDATING'], { phase: 'DONE', ...totals, duplicateOf, encoding, format, protocolCsvKey: result.protocolCsvKey, protocolXlsxKey: result.protocolXlsxKey });
  logger.info('File checked', { kind: file.kind, status: result.status, rows: result.rows, accepted: result.acceptedRows, errors: result.errors });
  return result.status;
}

function answerOf(check: Pick<WholeFileCheck<unknown>, 'rejectedRowsOnReject'>, file: FileRecord, status: FileStatus, findings: Findings, duplicateOf?: string): FileAnswer {
  const { errors, warnings } = Array.isArray(findings.issues) ? issueCounts(findings.issues) : findings.issues;
  const rejected = status === 'REJECTED';
  const acceptedRows = rejected || status === 'DUPLICATE' ? 0 : findings.rows - findings.rejectedRows;
  const rejectedRows = rejected && check.rejectedRowsOnReject !== 'failing' ? findings.rows : findings.rejectedRows;
  const keys = protocolKeys(file, file.receivedAt, file.fileId);
  return {
    status,
    rows: findings.rows,
    acceptedRows,
    rejectedRows,
    errors,
    warnings,
    ...(duplicateOf ? { duplicateOf } : {}),
    encoding: findings.encoding,
    format: findings.format,
    protocolCsvKey: keys.csv,
    protocolXlsxKey: keys.xlsx,
  };
}

function prependIssue<A>(findings: Findings<A>, issue: FlkIssue): Findings<A> {
  if (Array.isArray(findings.issues)) return { ...findings, issues: [issue, ...findings.issues] };
  const { stream, errors, warnings } = findings.issues;
  const error = issue.severity === 'error';
  return { ...findings, issues: { stream: prepend([issue], stream), errors: errors + (error ? 1 : 0), warnings: warnings + (error ? 0 : 1) } };
}

export async function* prepend<T>(first: readonly T[], rest: AsyncIterable<T>): AsyncGenerator<T> {
  yield* first;
  yield* rest;
}
