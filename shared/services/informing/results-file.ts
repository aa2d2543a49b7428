import { config } from '../../config.js';
import { putObject, readObject, uploadStream } from '../../adapters/s3.js';
import { logger } from '../../adapters/lambda/logger.js';
import { putUploadView } from '../../adapters/store/informing-results.js';
import { fileIssue } from '../../flk/codes.js';
import type { FlkIssue } from '../../flk/types.js';
import { jsonLines, ndjsonWriter, nonEmptyLines } from '../../files/ndjson.js';
import type { FileRecord } from '../../ingest/file-record.js';
import { PoisonError } from '../../ingest/poison.js';
import { readHead, sniffHead } from '../../inbox/head.js';
import { prepend, rejectWholeFile, runWholeFile, type Findings, type WholeFileCheck } from '../../inbox/whole-file.js';
import { KeyRuns } from '../../informing/key-runs.js';
import { loadInformingCodes } from '../../informing/result-codes.js';
import { resultRowsOf, type HeaderOutcome } from '../../informing/result-file-rows.js';
import { parseResultsKey, type ResultsAddress } from '../../informing/result-keys.js';
import { FILE_FIELDS, type AcceptedResult } from '../../informing/result-rows.js';
import { loadReferenceData } from '../../reference/load.js';
import { campaignOf } from '../campaigns.js';
import { checkRows, duplicateIssuesOf, registryLookups, smoToday, type CheckTotals } from './results-check.js';
import { storeAndRecompute } from './results-store.js';

const workKeys = {
  issues: (fileId: string) => `informing/results/${fileId}/issues.ndjson`,
  accepted: (fileId: string) => `informing/results/${fileId}/accepted.ndjson`,
  run: (fileId: string, index: number) => `informing/results/${fileId}/keys-${String(index).padStart(5, '0')}.tsv`,
};

/** The accepted rows staged in the work bucket, and the rows among them that repeat an earlier person and day. */
interface StagedRows {
  campaignId: string;
  skip: ReadonlySet<number>;
}

/**
 * An SMO's results file (DOMAIN.md §3.7) from its inbox folder: checked in one streaming pass (rows,
 * registry lookups, findings and accepted rows staged in the work bucket, duplicate keys as sorted
 * runs), then — unless rejected — the accepted rows without duplicates are stored and the SMO's
 * figures are queued for recomputing. Memory holds a block of rows and a run of keys, whatever the
 * file size. Rejected files keep their failing rows' count, as stage 1 counts them.
 */
export const RESULTS_FILE: WholeFileCheck<ResultsAddress, StagedRows, { stored: number; unchanged: number }> = {
  kind: 'informing',
  rejectedRowsOnReject: 'failing',
  context: async (file) => parseResultsKey(file.key)!,
  start: async (file, address) => {
    logger.appendKeys({ smo: address.smo });
    await putUploadView({ ...uploadViewOf(file, address), status: 'VALIDATING' });
    return undefined;
  },
  check: checkResultsFile,
  store: async (file, address, staged) => {
    const work = config.bucket('work');
    const rows = jsonLines<AcceptedResult>(await readObject(work, workKeys.accepted(file.fileId)));
    const base = { campaignId: staged.campaignId, smo: address.smo, order: `${file.receivedAt}#${file.fileId}`, receivedAt: file.receivedAt, source: 'file' as const, sourceId: file.fileId };
    return { stored: await storeAndRecompute(rows, staged.skip, base) };
  },
  show: (file, address, answer, stored) =>
    putUploadView({
      ...uploadViewOf(file, address),
      status: answer.status,
      rows: answer.rows,
      acceptedRows: answer.acceptedRows,
      rejectedRows: answer.rejectedRows,
      errors: answer.errors,
      stored: stored?.stored,
      unchanged: stored?.unchanged,
      protocolCsvKey: answer.protocolCsvKey,
      protocolXlsxKey: answer.protocolXlsxKey,
    }),
};

export const processResultsFile = (fileId: string) => runWholeFile(RESULTS_FILE, fileId);
export const rejectResultsFile = (file: FileRecord, issues: FlkIssue[]) => rejectWholeFile(RESULTS_FILE, file, issues);

function uploadViewOf(file: FileRecord, address: ResultsAddress) {
  return { fileId: file.fileId, smo: address.smo, campaignId: address.campaignId, name: file.name, key: file.key, receivedAt: file.receivedAt };
}

const refused = (issues: FlkIssue[], extra: Pick<Findings, 'encoding' | 'format'> = {}): Findings<StagedRows> => ({ rows: 0, rejectedRows: 0, refused: true, issues, ...extra });

async function checkResultsFile(file: FileRecord, address: ResultsAddress): Promise<Findings<StagedRows>> {
  const campaign = await campaignOf(address.campaignId);
  if (!campaign) throw new Error(`Campaign ${address.campaignId} of ${file.key} is not in the reference data`);
  const sniffed = sniffHead(await readHead(file));
  const { format } = sniffed;
  if (sniffed.format === 'csv' && sniffed.notText) return refused([fileIssue('F013', { detail: sniffed.notText })], { format });
  const encoding = sniffed.format === 'csv' ? sniffed.encoding : undefined;
  const ctx = { ref: loadReferenceData(), codes: loadInformingCodes(), campaign, smo: address.smo, today: smoToday(address.smo, file.receivedAt), names: FILE_FIELDS };

  const work = config.bucket('work');
  const fileId = file.fileId;
  const issuesOut = uploadStream(work, workKeys.issues(fileId), 'application/x-ndjson');
  const acceptedOut = uploadStream(work, workKeys.accepted(fileId), 'application/x-ndjson');
  const keys = new KeyRuns(async (index, run) => {
    await putObject(work, workKeys.run(fileId, index), run.join('\n'), 'text/tab-separated-values');
    return async () => nonEmptyLines(await readObject(work, workKeys.run(fileId, index)));
  });
  let header: HeaderOutcome | undefined;
  let totals: CheckTotals;
  try {
    const rows = resultRowsOf(await readObject(file.bucket, file.key), format, encoding ?? 'utf-8', (h) => (header = h));
    totals = await checkRows(rows, ctx, registryLookups(campaign.id), { issue: ndjsonWriter(issuesOut.stream), accept: ndjsonWriter(acceptedOut.stream) }, keys);
  } catch (error) {
    issuesOut.stream.end();
    acceptedOut.stream.end();
    await Promise.allSettled([issuesOut.done, acceptedOut.done]);
    if (error instanceof PoisonError) {
      logger.warn('Results file unreadable', { format, code: error.issue.code });
      return refused([error.issue], { format });
    }
    throw error;
  }
  issuesOut.stream.end();
  acceptedOut.stream.end();
  await Promise.all([issuesOut.done, acceptedOut.done]);

  const outcome = header as HeaderOutcome | undefined;
  if (!outcome || !outcome.ok) return refused(outcome && !outcome.ok ? outcome.issues : [fileIssue('F002', {})], { encoding, format });

  const duplicates = await keys.duplicates();
  // Read when the protocol is written, after the rows are stored.
  const staged = (async function* () {
    yield* jsonLines<FlkIssue>(await readObject(work, workKeys.issues(fileId)));
  })();
  return {
    rows: totals.rows,
    rejectedRows: totals.errorRows + duplicates.length,
    issues: {
      stream: prepend(outcome.warnings, mergeByLine(staged, duplicateIssuesOf(duplicates, FILE_FIELDS))),
      errors: totals.errors + duplicates.length,
      warnings: outcome.warnings.length,
    },
    accepted: { campaignId: campaign.id, skip: new Set(duplicates.map((d) => d.line)) },
    encoding,
    format,
  };
}

/** Row findings of the pass (in row order) merged with the duplicates (sorted by row). */
async function* mergeByLine(staged: AsyncIterable<FlkIssue>, extra: FlkIssue[]): AsyncGenerator<FlkIssue> {
  let i = 0;
  for await (const issue of staged) {
    while (i < extra.length && extra[i]!.line < issue.line) yield extra[i++]!;
    yield issue;
  }
  while (i < extra.length) yield extra[i++]!;
}
