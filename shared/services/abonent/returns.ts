import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { config } from '../../config.js';
import { readObject, uploadStream } from '../../adapters/s3.js';
import { logger } from '../../adapters/lambda/logger.js';
import { claimContent, getFile, updateFile } from '../../adapters/store/files.js';
import { putPlans, type StoredPlan } from '../../adapters/store/plans.js';
import { returnLoaderOf } from '../../adapters/store/return-grants.js';
import { findMoFile, getStage, putReturnView, recordReturn, type MoFile } from '../../adapters/store/stages.js';
import { abonentKeys, parseReturnKey } from '../../abonent/keys.js';
import { checkReturnedWorkbook, type PlanEntry } from '../../abonent/returned.js';
import { acceptsReturns, STAGE_STATE_RU, type ReturnCounts } from '../../abonent/stage.js';
import { readXlsxSheetRows } from '../../files/xlsx.js';
import { fileIssue } from '../../flk/codes.js';
import type { FlkIssue } from '../../flk/types.js';
import type { FileStatus } from '../../domain/records.js';
import type { FileRecord } from '../../ingest/file-record.js';
import { iterate, publishProtocol } from '../ingest/protocol.js';
import { planOf } from './campaign.js';
import { brokenXlsx, poisonOnError } from '../../ingest/poison.js';

const LOAD_BATCH = 200;

/**
 * x.3: checks a returned «абонентский пункт» (DOMAIN.md §3.5), publishes its ФЛК protocol where stage 1
 * puts them, and loads the accepted rows as registry entries. Only a file the MO was handed, while
 * its stage accepts returns, can change anything; a rejected file leaves the MO's last accepted
 * return in place. Rerunning after a crash rewrites the same protocol and the same entries.
 * Whoever was handed the upload URL (the MO, or its TFOMS for it) is kept beside the return.
 */
export async function processReturn(fileId: string): Promise<FileStatus | 'skipped'> {
  const file = await getFile(fileId);
  if (!file || file.kind !== 'abonent' || file.phase !== 'VALIDATING') return 'skipped';
  const address = parseReturnKey(file.key)!;
  const moFile = await findMoFile(address.mo, address.fileId);
  if (!moFile || moFile.region !== address.region || moFile.status !== 'FORMED' || !moFile.originalsKey || !moFile.hash) {
    return finish(file, undefined, 'REJECTED', [fileIssue('F010', { value: address.fileId, detail: `файл ${address.fileId} не выдавался МО ${address.mo}` })]);
  }
  const loadedBy = await returnLoaderOf(file.key);
  await putReturnView(moFile, { returnFileId: file.fileId, receivedAt: file.receivedAt, status: 'VALIDATING', name: file.name, loadedBy });
  const earlier = await claimContent(file, async (id) => (await getFile(id))?.status !== 'REJECTED');
  if (earlier) return finish(file, moFile, 'DUPLICATE', [fileIssue('F007', { value: earlier })]);
  const stage = await getStage(moFile);
  if (!acceptsReturns(stage?.state)) {
    const detail = stage ? `этап: ${STAGE_STATE_RU[stage.state]}` : 'этап не начат';
    return finish(file, moFile, 'REJECTED', [fileIssue('F012', { detail })]);
  }

  const entriesKey = abonentKeys.entries(moFile, moFile.mo, file.fileId);
  const staged = uploadStream(config.bucket('work'), entriesKey, 'application/x-ndjson');
  const counts: ReturnCounts = { accepted: 0, withDate: 0, byMark: {} };
  const originals = jsonLines<string[]>(await readObject(config.bucket('work'), moFile.originalsKey));
  const body = await readObject(file.bucket, file.key);
  // A truncated or broken archive stays broken: rejected at once (PoisonError), not retried.
  const check = await checkReturnedWorkbook(poisonOnError(readXlsxSheetRows(body), brokenXlsx()), { ...moFile, rows: moFile.rows ?? 0, hash: moFile.hash, window: (await planOf(moFile.campaignId)).examWindow }, originals, async (entry) => {
    counts.accepted++;
    if (entry.date) counts.withDate++;
    counts.byMark[entry.mark] = (counts.byMark[entry.mark] ?? 0) + 1;
    if (!staged.stream.write(`${JSON.stringify(entry)}\n`)) await once(staged.stream, 'drain');
  }).finally(() => staged.stream.end());
  await staged.done;

  const issues = [...check.issues];
  let status: FileStatus = check.fileRejected ? 'REJECTED' : check.rejectedRows ? 'PARTIAL' : 'ACCEPTED';
  const share = check.rows ? check.rejectedRows / check.rows : 0;
  if (status === 'PARTIAL' && share > config.rejectErrorShare()) {
    status = 'REJECTED';
    issues.unshift(fileIssue('F006', { share, threshold: config.rejectErrorShare() }));
  }
  if (!check.rows && status !== 'REJECTED') {
    status = 'REJECTED';
    issues.unshift(fileIssue('F001', {}));
  }
  if (status !== 'REJECTED') {
    await loadEntries(file, moFile, entriesKey);
    await recordReturn(moFile, moFile.mo, { ...counts, status, receivedAt: file.receivedAt, returnFileId: file.fileId, loadedBy }, entriesKey);
  }
  const accepted = status === 'REJECTED' ? 0 : check.acceptedRows;
  return finish(file, moFile, status, issues, { rows: check.rows, acceptedRows: accepted, rejectedRows: check.rows - accepted });
}

async function loadEntries(file: FileRecord, moFile: MoFile, entriesKey: string): Promise<void> {
  let batch: StoredPlan[] = [];
  const base = { campaignId: moFile.campaignId, region: moFile.region, batch: moFile.batch, mo: moFile.mo, fileId: moFile.fileId, returnFileId: file.fileId, receivedAt: file.receivedAt };
  for await (const entry of jsonLines<PlanEntry>(await readObject(config.bucket('work'), entriesKey))) {
    batch.push({ ...entry, ...base });
    if (batch.length >= LOAD_BATCH) {
      await putPlans(batch);
      batch = [];
    }
  }
  if (batch.length) await putPlans(batch);
}

/** Ends a return whose check failed for good (shared/services/ingest/verdicts.ts): REJECTED, beside the MO's other returns. */
export async function rejectReturn(file: FileRecord, issues: FlkIssue[]): Promise<FileStatus> {
  const address = parseReturnKey(file.key)!;
  const moFile = await findMoFile(address.mo, address.fileId);
  return finish(file, moFile && moFile.region === address.region ? moFile : undefined, 'REJECTED', issues);
}

async function finish(
  file: FileRecord,
  moFile: MoFile | undefined,
  status: FileStatus,
  issues: FlkIssue[],
  counts: { rows: number; acceptedRows: number; rejectedRows: number } = { rows: 0, acceptedRows: 0, rejectedRows: 0 },
): Promise<FileStatus> {
  const errors = issues.filter((i) => i.severity === 'error').length;
  const keys = await publishProtocol(file, { status, ...counts, errors, warnings: issues.length - errors }, iterate(issues));
  await updateFile(file.fileId, ['VALIDATING'], { phase: 'DONE', status, ...counts, errors, warnings: issues.length - errors, ...keys });
  if (moFile) {
    const loadedBy = await returnLoaderOf(file.key);
    await putReturnView(moFile, { returnFileId: file.fileId, receivedAt: file.receivedAt, status, name: file.name, ...counts, errors, ...keys, loadedBy });
  }
  logger.info('Returned file checked', { status, rows: counts.rows, accepted: counts.acceptedRows, errors });
  return status;
}

/** JSON lines of an object, one value per line, streamed. */
export async function* jsonLines<T>(body: NodeJS.ReadableStream): AsyncGenerator<T> {
  for await (const line of createInterface({ input: body, crlfDelay: Infinity })) {
    if (line) yield JSON.parse(line) as T;
  }
}
