import { config } from '../../config.js';
import { readObject, uploadStream } from '../../adapters/s3.js';
import { putPlans, type StoredPlan } from '../../adapters/store/plans.js';
import { returnLoaderOf } from '../../adapters/store/return-grants.js';
import { findMoFile, getStage, putReturnView, recordReturn, type MoFile } from '../../adapters/store/stages.js';
import { abonentKeys, parseReturnKey } from '../../abonent/keys.js';
import { checkReturnedWorkbook, type PlanEntry } from '../../abonent/returned.js';
import { acceptsReturns, STAGE_STATE_RU, type ReturnCounts } from '../../abonent/stage.js';
import { jsonLines, ndjsonWriter } from '../../files/ndjson.js';
import { readXlsxSheetRows } from '../../files/xlsx.js';
import { fileIssue } from '../../flk/codes.js';
import type { FlkIssue } from '../../flk/types.js';
import type { FileRecord } from '../../ingest/file-record.js';
import { brokenXlsx, poisonOnError } from '../../ingest/poison.js';
import { rejectWholeFile, runWholeFile, type Findings, type WholeFileCheck } from '../../inbox/whole-file.js';
import { planOf } from './campaign.js';

const LOAD_BATCH = 200;

/** The MO's handed-out file a return answers (none when it was not handed to that MO), and who was handed the upload URL. */
interface ReturnContext {
  moFile?: MoFile;
  loadedBy?: Awaited<ReturnType<typeof returnLoaderOf>>;
}

/** Where the accepted entries were staged, with their counts for the stage's figures. */
interface StagedEntries {
  entriesKey: string;
  counts: ReturnCounts;
}

/**
 * x.3: a returned «абонентский пункт» (DOMAIN.md §3.5), checked whole by shared/inbox/whole-file.ts; its
 * accepted rows become registry entries. Only a file the MO was handed, while its stage accepts
 * returns, can change anything; a rejected file leaves the MO's last accepted return in place.
 * Rerunning after a crash rewrites the same protocol and the same entries. Whoever was handed the
 * upload URL (the MO, or its TFOMS for it) is kept beside the return.
 */
export const RETURN_FILE: WholeFileCheck<ReturnContext, StagedEntries> = {
  kind: 'abonent',
  context: async (file) => {
    const address = parseReturnKey(file.key)!;
    const moFile = await findMoFile(address.mo, address.fileId);
    return moFile && moFile.region === address.region ? { moFile } : {};
  },
  start: async (file, context) => {
    const address = parseReturnKey(file.key)!;
    const moFile = context.moFile;
    if (!moFile || moFile.status !== 'FORMED' || !moFile.originalsKey || !moFile.hash) {
      // Not a file this MO was handed: nothing of it is shown beside the MO's returns.
      delete context.moFile;
      return [fileIssue('F010', { value: address.fileId, detail: `файл ${address.fileId} не выдавался МО ${address.mo}` })];
    }
    context.loadedBy = await returnLoaderOf(file.key);
    await putReturnView(moFile, { returnFileId: file.fileId, receivedAt: file.receivedAt, status: 'VALIDATING', name: file.name, loadedBy: context.loadedBy });
    return undefined;
  },
  check: async (file, { moFile }) => checkReturn(file, moFile!),
  store: async (file, { moFile, loadedBy }, staged, answer) => {
    await loadEntries(file, moFile!, staged.entriesKey);
    const status = answer.status as 'ACCEPTED' | 'PARTIAL';
    await recordReturn(moFile!, moFile!.mo, { ...staged.counts, status, receivedAt: file.receivedAt, returnFileId: file.fileId, loadedBy }, staged.entriesKey);
    return { stored: undefined };
  },
  show: async (file, { moFile }, answer) => {
    if (!moFile) return;
    const { rows, acceptedRows, rejectedRows, errors, protocolCsvKey, protocolXlsxKey } = answer;
    const loadedBy = await returnLoaderOf(file.key);
    await putReturnView(moFile, { returnFileId: file.fileId, receivedAt: file.receivedAt, status: answer.status, name: file.name, rows, acceptedRows, rejectedRows, errors, protocolCsvKey, protocolXlsxKey, loadedBy });
  },
};

export const processReturn = (fileId: string) => runWholeFile(RETURN_FILE, fileId);
/** Ends a return whose check failed for good (shared/services/ingest/verdicts.ts): REJECTED, beside the MO's other returns. */
export const rejectReturn = (file: FileRecord, issues: FlkIssue[]) => rejectWholeFile(RETURN_FILE, file, issues);

async function checkReturn(file: FileRecord, moFile: MoFile): Promise<Findings<StagedEntries>> {
  const stage = await getStage(moFile);
  if (!acceptsReturns(stage?.state)) {
    const detail = stage ? `этап: ${STAGE_STATE_RU[stage.state]}` : 'этап не начат';
    return { rows: 0, rejectedRows: 0, refused: true, issues: [fileIssue('F012', { detail })] };
  }
  const entriesKey = abonentKeys.entries(moFile, moFile.mo, file.fileId);
  const staged = uploadStream(config.bucket('work'), entriesKey, 'application/x-ndjson');
  const write = ndjsonWriter(staged.stream);
  const counts: ReturnCounts = { accepted: 0, withDate: 0, byMark: {} };
  const originals = jsonLines<string[]>(await readObject(config.bucket('work'), moFile.originalsKey!));
  const body = await readObject(file.bucket, file.key);
  const plan = { ...moFile, rows: moFile.rows ?? 0, hash: moFile.hash!, window: (await planOf(moFile.campaignId)).examWindow };
  // A truncated or broken archive stays broken: rejected at once (PoisonError), not retried.
  const check = await checkReturnedWorkbook(poisonOnError(readXlsxSheetRows(body), brokenXlsx()), plan, originals, async (entry) => {
    counts.accepted++;
    if (entry.date) counts.withDate++;
    counts.byMark[entry.mark] = (counts.byMark[entry.mark] ?? 0) + 1;
    const pending = write(entry);
    if (pending) await pending;
  }).finally(() => staged.stream.end());
  await staged.done;
  return { rows: check.rows, rejectedRows: check.rejectedRows, refused: check.fileRejected, issues: check.issues, accepted: { entriesKey, counts } };
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
