import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { config } from '../../config.js';
import { putObject, readObject, readRange, uploadStream } from '../../adapters/s3.js';
import { logger } from '../../adapters/lambda/logger.js';
import { claimContent, getFile, updateFile } from '../../adapters/store/files.js';
import { plansOf, putResults, putUploadView, type StoredResult } from '../../adapters/store/informing-results.js';
import { noteInformingStart } from '../../adapters/store/informing-start.js';
import { personsByEnp } from '../../adapters/store/persons.js';
import { getStage } from '../../adapters/store/stages.js';
import type { BatchId, Campaign, FileStatus, IsoDate } from '../../domain/records.js';
import { localDate, MOSCOW } from '../../domain/time.js';
import { detectEncoding } from '../../files/encoding.js';
import { isZip, notCsvText } from '../../files/sniff.js';
import { lineBlocksInRange, OVERLONG_LINE, splitFields } from '../../files/lines.js';
import { readXlsxRows } from '../../files/xlsx.js';
import { fileIssue, rowIssue } from '../../flk/codes.js';
import type { ColumnMap, FlkIssue } from '../../flk/types.js';
import type { FileRecord } from '../../ingest/file-record.js';
import { loadInformingCodes } from '../../informing/result-codes.js';
import { parseResultsKey } from '../../informing/result-keys.js';
import {
  API_FIELDS,
  checkBlock,
  checkResultsHeader,
  duplicateResultIssue,
  FILE_FIELDS,
  type AcceptedResult,
  type PlanFacts,
  type RawResult,
  type ResultColumn,
  type ResultContext,
  type ResultLookups,
} from '../../informing/result-rows.js';
import { loadReferenceData } from '../../reference/load.js';
import { campaignOf } from '../campaigns.js';
import { iterate, publishProtocol } from '../ingest/protocol.js';
import { requestRecompute } from './results-targets.js';
import { jsonLines } from '../abonent/returns.js';
import { fileVerdict } from '../../ingest/verdict.js';
import { poisonOnError, PoisonError } from '../../ingest/poison.js';
import { overlongRow } from '../ingest/rows.js';

/** A line too long to be a row (OVERLONG_LINE), told apart by identity: R042. */
const OVERLONG_FIELDS: string[] = [];

/** Rows checked together (one registry lookup); memory holds one block. */
export const BLOCK_ROWS = 500;
/** Keys of accepted rows sorted in memory before a run is spilled to the work bucket. */
export const RUN_KEYS = 200_000;
/** Rows of one API request. */
export const MAX_API_ROWS = 5000;
const LOAD_BATCH = 500;
const HEAD_BYTES = 64 * 1024;

/** Lookups of one file or request: a region batch's approval is read once, not once per block. */
export function registryLookups(campaignId: string): ResultLookups {
  const approved = new Map<string, Promise<boolean>>();
  return {
    plans: (enps) => plansWithDispensary(enps, campaignId),
    approved: (region, batch) => {
      const key = `${region}#${batch}`;
      if (!approved.has(key)) approved.set(key, getStage({ campaignId, region, batch }).then((stage) => stage?.state === 'APPROVED'));
      return approved.get(key)!;
    },
  };
}

/**
 * Registry entries with the seed 002 flag: whether the export lists a ХНИЗ under dispensary
 * observation for the person (dispensary-icd10.csv), as known when the result arrives.
 */
async function plansWithDispensary(enps: readonly string[], campaignId: string): Promise<Map<string, PlanFacts>> {
  const [plans, persons] = await Promise.all([plansOf(enps, campaignId), personsByEnp(enps)]);
  const ref = loadReferenceData();
  for (const [enp, plan] of plans) if (persons.get(enp)?.dsChronic?.some((code) => ref.isDispensaryDisease(code))) plan.dispensary = true;
  return plans;
}

/** «Today» for an SMO: the day of `at` on its region's clock. */
export function smoToday(smo: string, at: Date | string): string {
  return localDate(at, loadReferenceData().regions.get(smo.slice(0, 2))?.timeZone ?? MOSCOW);
}

/** What one pass over the rows found; issues and accepted rows went to the sinks. */
export interface CheckTotals {
  rows: number;
  errorRows: number;
  errors: number;
  accepted: number;
}

/** Where a check pass puts what it finds (work-bucket streams for files, arrays for the API). */
export interface CheckSinks {
  issue(issue: FlkIssue): Promise<void> | void;
  accept(row: AcceptedResult): Promise<void> | void;
}

/**
 * One pass over the rows of a results file or request (given in arrays, e.g. one per decoded block
 * of the file): row checks and registry lookups block by block, findings in row order to
 * `sinks.issue`, rows that passed to `sinks.accept` and their person+day keys to `keys`
 * (duplicates are found from those afterwards). A sink that returns nothing costs no await.
 */
export async function checkRows(rows: AsyncIterable<readonly RawResult[]>, ctx: ResultContext, lookups: ResultLookups, sinks: CheckSinks, keys: KeyRuns): Promise<CheckTotals> {
  const totals: CheckTotals = { rows: 0, errorRows: 0, errors: 0, accepted: 0 };
  let block: RawResult[] = [];
  const flush = async () => {
    for (const checked of await checkBlock(block, ctx, lookups)) {
      for (const issue of checked.issues) {
        const pending = sinks.issue(issue);
        if (pending) await pending;
      }
      if (checked.issues.length) {
        totals.errorRows++;
        totals.errors += checked.issues.length;
      } else if (checked.accepted) {
        totals.accepted++;
        const pending = sinks.accept(checked.accepted);
        if (pending) await pending;
        const spilling = keys.add(checked.accepted.enp, checked.accepted.date, checked.line);
        if (spilling) await spilling;
      }
    }
    block = [];
  };
  for await (const part of rows) {
    for (const raw of part) {
      totals.rows++;
      block.push(raw);
      if (block.length >= BLOCK_ROWS) await flush();
    }
  }
  if (block.length) await flush();
  return totals;
}

/**
 * Person+day keys of accepted rows as sorted runs, so memory holds one run whatever the file size.
 * An entry is `<ЕНП 16><YYYYMMDD><row, 10 digits>`: fixed width, so the engine's own string sort
 * orders a run by person, day and row; a full run goes to `spill` (the work bucket for files) as
 * lines. `duplicates()` merges the runs; the first row of a person and day wins.
 */
export class KeyRuns {
  private current: string[] = [];
  private readonly spilled: Array<() => Promise<AsyncIterable<string>>> = [];

  constructor(
    private readonly spill?: (index: number, sortedLines: string[]) => Promise<() => Promise<AsyncIterable<string>>>,
    private readonly runKeys = RUN_KEYS,
  ) {}

  /** `enp`: 16 digits; `date`: ISO. A promise only when the run was full and is being spilled. */
  add(enp: string, date: string, line: number): Promise<void> | undefined {
    this.current.push(enp + date.slice(0, 4) + date.slice(5, 7) + date.slice(8, 10) + String(line).padStart(10, '0'));
    if (!this.spill || this.current.length < this.runKeys) return undefined;
    const run = this.current.sort();
    this.current = [];
    return this.spill(this.spilled.length, run).then((open) => void this.spilled.push(open));
  }

  async duplicates(): Promise<Array<{ key: string; line: number; firstLine: number }>> {
    const last = this.current.sort();
    this.current = [];
    const runs: Array<AsyncIterable<string> | Iterable<string>> = [...(await Promise.all(this.spilled.map((open) => open()))), last];
    const out: Array<{ key: string; line: number; firstLine: number }> = [];
    let previousKey = '';
    let previousLine = 0;
    await mergeSorted(runs, (entry) => {
      const key = entry.slice(0, 24);
      const line = Number(entry.slice(24));
      if (key === previousKey) out.push({ key: `${key.slice(0, 16)}#${key.slice(16, 20)}-${key.slice(20, 22)}-${key.slice(22, 24)}`, line, firstLine: previousLine });
      else [previousKey, previousLine] = [key, line];
    });
    return out;
  }
}

/**
 * K-way merge of sorted string runs (few: one per 200 k keys) into `visit`, in order. In-memory
 * runs are read synchronously; only a spilled run's reader is awaited, so a single run costs a
 * comparison per entry, not a promise.
 */
async function mergeSorted(runs: ReadonlyArray<AsyncIterable<string> | Iterable<string>>, visit: (entry: string) => void): Promise<void> {
  type Reader = { sync: Iterator<string> } | { async: AsyncIterator<string> };
  const readers: Reader[] = runs.map((run) =>
    Symbol.asyncIterator in run ? { async: (run as AsyncIterable<string>)[Symbol.asyncIterator]() } : { sync: (run as Iterable<string>)[Symbol.iterator]() },
  );
  const heads: Array<string | undefined> = new Array(readers.length);
  const advance = async (i: number): Promise<void> => {
    const reader = readers[i]!;
    for (;;) {
      const step = 'sync' in reader ? reader.sync.next() : await reader.async.next();
      if (step.done) return void (heads[i] = undefined);
      if (step.value) return void (heads[i] = step.value);
    }
  };
  for (let i = 0; i < readers.length; i++) await advance(i);
  for (;;) {
    let min = -1;
    for (let i = 0; i < heads.length; i++) if (heads[i] !== undefined && (min < 0 || heads[i]! < heads[min]!)) min = i;
    if (min < 0) return;
    visit(heads[min]!);
    const reader = readers[min]!;
    if ('sync' in reader) {
      // Stay on a synchronous run while it holds the smallest entries.
      let step = reader.sync.next();
      while (!step.done && !step.value) step = reader.sync.next();
      heads[min] = step.done ? undefined : step.value;
    } else await advance(min);
  }
}

// ---- files --------------------------------------------------------------------------------------

const workKeys = {
  issues: (fileId: string) => `informing/results/${fileId}/issues.ndjson`,
  accepted: (fileId: string) => `informing/results/${fileId}/accepted.ndjson`,
  run: (fileId: string, index: number) => `informing/results/${fileId}/keys-${String(index).padStart(5, '0')}.tsv`,
};

/** A line-writing sink over a stream: a promise only when the stream asks to wait (backpressure). */
function ndjson(stream: Writable) {
  return (value: unknown): Promise<void> | undefined => {
    if (stream.write(`${JSON.stringify(value)}\n`)) return undefined;
    return once(stream, 'drain').then(() => undefined);
  };
}

async function* textLines(body: Readable): AsyncGenerator<string> {
  yield* createInterface({ input: body, crlfDelay: Infinity });
}

export type HeaderOutcome = { ok: true; columns: ColumnMap<ResultColumn>; warnings: FlkIssue[] } | { ok: false; issues: FlkIssue[] };

/**
 * Rows of a results file as raw results, in arrays: CSV (windows-1251 or UTF-8) one array per
 * decoded block of lines, or the first sheet of an XLSX (streamed) in arrays of 500 rows. The
 * header is checked first (`onHeader`); blank lines are skipped but keep their numbers; a CSV line
 * with another field count is R017. Values are slices of the decoded block: nothing keeps them past
 * their block (findings and accepted rows are serialized at once, keys are kept as numbers).
 */
export async function* resultRowsOf(body: Readable, format: 'csv' | 'xlsx', encoding: 'utf-8' | 'windows-1251', onHeader: (h: HeaderOutcome) => void): AsyncGenerator<RawResult[]> {
  const source: AsyncIterable<string[][]> =
    format === 'xlsx'
      ? (async function* () {
          let part: string[][] = [];
          for await (const row of readXlsxRows(body)) {
            part.push(row);
            if (part.length >= BLOCK_ROWS) {
              yield part;
              part = [];
            }
          }
          if (part.length) yield part;
        })()
      : (async function* () {
          for await (const texts of lineBlocksInRange(body, { start: 0, end: Number.MAX_SAFE_INTEGER }, encoding)) yield texts.map((t) => (t === '' ? [] : t === OVERLONG_LINE ? OVERLONG_FIELDS : splitFields(t)));
        })();
  let line = 0;
  let columns: ColumnMap<ResultColumn> | undefined;
  try {
    for await (const part of poisonOnError(source, fileIssue('F002', {}))) {
      const out: RawResult[] = [];
      for (const fields of part) {
        line++;
        if (!columns) {
          const header = checkResultsHeader(fields);
          onHeader(header);
          if (!header.ok) return;
          columns = header.columns;
          continue;
        }
        if (fields === OVERLONG_FIELDS) {
          out.push({ line, enp: '', date: '', channel: '', result: '', failed: [overlongRow(line).unreadable!] });
          continue;
        }
        if (fields.every((f) => !f.trim())) continue;
        if (format === 'csv' && fields.length !== columns.width) {
          out.push({ line, enp: '', date: '', channel: '', result: '', failed: [rowIssue('R017', line, '', String(fields.length), String(columns.width))] });
          continue;
        }
        const at = (c: ResultColumn) => fields[columns!.index[c]] ?? '';
        out.push({ line, enp: at('ENP'), date: at('DATE_INF'), channel: at('CHANNEL'), result: at('RESULT') });
      }
      if (out.length) yield out;
    }
    if (!columns) onHeader({ ok: false, issues: [fileIssue('F002', {})] });
  } finally {
    body.destroy();
  }
}

async function readHead(file: FileRecord): Promise<Buffer> {
  if (file.size === 0) return Buffer.alloc(0);
  const body = await readRange(file.bucket, file.key, 0, HEAD_BYTES - 1);
  const parts: Buffer[] = [];
  for await (const part of body) parts.push(part as Buffer);
  return Buffer.concat(parts);
}


type ResultTotals = { rows: number; acceptedRows: number; rejectedRows: number; errors: number; warnings: number };
type FinishExtra = { stored?: number; unchanged?: number; encoding?: string; format?: 'csv' | 'xlsx' };

function uploadViewOf(file: FileRecord) {
  const address = parseResultsKey(file.key)!;
  return { fileId: file.fileId, smo: address.smo, campaignId: address.campaignId, name: file.name, key: file.key, receivedAt: file.receivedAt };
}

/** Protocol, the SMO's view of its upload, then the guarded phase change (last: a crash between them is redone). */
async function finishResultsFile(file: FileRecord, status: FileStatus, issues: AsyncIterable<FlkIssue>, totals: ResultTotals, extra: FinishExtra = {}): Promise<FileStatus> {
  const keys = await publishProtocol({ ...file, encoding: extra.encoding as FileRecord['encoding'] }, { status, ...totals }, issues);
  await putUploadView({ ...uploadViewOf(file), status, rows: totals.rows, acceptedRows: totals.acceptedRows, rejectedRows: totals.rejectedRows, errors: totals.errors, stored: extra.stored, unchanged: extra.unchanged, ...keys });
  await updateFile(file.fileId, ['VALIDATING'], { phase: 'DONE', status, ...totals, ...keys, encoding: extra.encoding as FileRecord['encoding'], format: extra.format });
  logger.info('Informing results file checked', { status, rows: totals.rows, accepted: totals.acceptedRows, stored: extra.stored });
  return status;
}

/** Ends a results file whose check failed for good (shared/services/ingest/verdicts.ts): REJECTED in the SMO's view too. */
export function rejectResultsFile(file: FileRecord, issues: FlkIssue[]): Promise<FileStatus> {
  const errors = issues.filter((i) => i.severity === 'error').length;
  return finishResultsFile(file, 'REJECTED', iterate(issues), { rows: 0, acceptedRows: 0, rejectedRows: 0, errors, warnings: issues.length - errors });
}

/**
 * An SMO's results file (DOMAIN.md §3.7) from its inbox folder: checked in one streaming pass (rows,
 * registry lookups, findings and accepted rows staged in the work bucket, duplicate keys as sorted
 * runs), then — unless rejected — the accepted rows without duplicates are stored, the SMO's
 * figures are queued for recomputing, and the ФЛК protocol is published where stage 1 puts them.
 * Memory holds a block of rows and a run of keys, whatever the file size. A rerun after a crash
 * repeats the same work with the same result; the same file again is DUPLICATE (F007).
 */
export async function processResultsFile(fileId: string): Promise<FileStatus | 'skipped'> {
  const file = await getFile(fileId);
  if (!file || file.kind !== 'informing' || file.phase !== 'VALIDATING') return 'skipped';
  const address = parseResultsKey(file.key)!;
  logger.appendKeys({ fileId, smo: address.smo });
  await putUploadView({ ...uploadViewOf(file), status: 'VALIDATING' });
  const finish = (status: FileStatus, issues: AsyncIterable<FlkIssue>, totals: ResultTotals, extra: FinishExtra = {}) => finishResultsFile(file, status, issues, totals, extra);
  const none = { rows: 0, acceptedRows: 0, rejectedRows: 0 };

  if (file.size === 0) return finish('REJECTED', iterate([fileIssue('F001', {})]), { ...none, errors: 1, warnings: 0 });
  const earlier = await claimContent(file, async (id) => (await getFile(id))?.status !== 'REJECTED');
  if (earlier) return finish('DUPLICATE', iterate([fileIssue('F007', { value: earlier })]), { ...none, errors: 0, warnings: 1 });

  const campaign = await campaignOf(address.campaignId);
  if (!campaign) throw new Error(`Campaign ${address.campaignId} of ${file.key} is not in the reference data`);
  const head = await readHead(file);
  const format = isZip(head) ? 'xlsx' : 'csv';
  const binary = format === 'csv' ? notCsvText(head) : undefined;
  if (binary) return finish('REJECTED', iterate([fileIssue('F013', { detail: binary })]), { ...none, errors: 1, warnings: 0 }, { format });
  const encoding = format === 'csv' ? detectEncoding(head) : undefined;
  const ctx: ResultContext = {
    ref: loadReferenceData(),
    codes: loadInformingCodes(),
    campaign,
    smo: address.smo,
    today: smoToday(address.smo, file.receivedAt),
    names: FILE_FIELDS,
  };

  const work = config.bucket('work');
  const issuesOut = uploadStream(work, workKeys.issues(fileId), 'application/x-ndjson');
  const acceptedOut = uploadStream(work, workKeys.accepted(fileId), 'application/x-ndjson');
  const keys = new KeyRuns(async (index, run) => {
    await putObject(work, workKeys.run(fileId, index), run.join('\n'), 'text/tab-separated-values');
    return async () => textLines(await readObject(work, workKeys.run(fileId, index)));
  });
  let header: HeaderOutcome | undefined;
  const writeIssue = ndjson(issuesOut.stream);
  let totals: CheckTotals;
  try {
    const rows = resultRowsOf(await readObject(file.bucket, file.key), format, encoding ?? 'utf-8', (h) => (header = h));
    totals = await checkRows(rows, ctx, registryLookups(campaign.id), { issue: writeIssue, accept: ndjson(acceptedOut.stream) }, keys);
  } catch (error) {
    issuesOut.stream.end();
    acceptedOut.stream.end();
    await Promise.allSettled([issuesOut.done, acceptedOut.done]);
    if (error instanceof PoisonError) {
      logger.warn('Results file unreadable', { format, code: error.issue.code });
      return finish('REJECTED', iterate([error.issue]), { ...none, errors: 1, warnings: 0 }, { format });
    }
    throw error;
  }
  issuesOut.stream.end();
  acceptedOut.stream.end();
  await Promise.all([issuesOut.done, acceptedOut.done]);

  const outcome = header as HeaderOutcome | undefined;
  if (!outcome || !outcome.ok) {
    const issues = outcome && !outcome.ok ? outcome.issues : [fileIssue('F002', {})];
    const errors = issues.filter((i) => i.severity === 'error').length;
    return finish('REJECTED', iterate(issues), { ...none, errors, warnings: issues.length - errors }, { encoding, format });
  }

  const duplicates = await keys.duplicates();
  const rows = totals.rows;
  const rejectedRows = totals.errorRows + duplicates.length;
  const errors = totals.errors + duplicates.length;
  const warnings = outcome.warnings.length;
  const { status, issue } = fileVerdict(rows, rejectedRows, config.rejectErrorShare());
  const fileLevel: FlkIssue[] = issue ? [issue, ...outcome.warnings] : [...outcome.warnings];

  let stored: number | undefined;
  let unchanged: number | undefined;
  if (status !== 'REJECTED') {
    const skip = new Set(duplicates.map((d) => d.line));
    const order = `${file.receivedAt}#${fileId}`;
    const loaded = await storeAccepted(jsonLines<AcceptedResult>(await readObject(work, workKeys.accepted(fileId))), skip, { campaignId: campaign.id, smo: address.smo, order, receivedAt: file.receivedAt, source: 'file', sourceId: fileId });
    ({ stored, unchanged } = loaded);
    await requestRecompute([...loaded.batches].map((b) => ({ campaignId: campaign.id, region: b.slice(0, 2), batch: b.slice(3) as BatchId, smo: address.smo })));
  }
  const duplicateIssues = duplicates
    .map((d) => {
      const [enp = '', date = ''] = d.key.split('#');
      return duplicateResultIssue(d.line, FILE_FIELDS, enp, date, d.firstLine);
    })
    .sort((a, b) => a.line - b.line);
  const issues = mergeByLine(jsonLines<FlkIssue>(await readObject(work, workKeys.issues(fileId))), duplicateIssues);
  const acceptedRows = status === 'REJECTED' ? 0 : rows - rejectedRows;
  const fileErrors = fileLevel.filter((i) => i.severity === 'error').length;
  return finish(status, prepend(fileLevel, issues), { rows, acceptedRows, rejectedRows, errors: errors + fileErrors, warnings }, { stored, unchanged, encoding, format });
}

async function* prepend<T>(first: T[], rest: AsyncIterable<T>): AsyncGenerator<T> {
  yield* first;
  yield* rest;
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

interface StoreBase {
  campaignId: string;
  smo: string;
  order: string;
  receivedAt: string;
  source: 'file' | 'api';
  sourceId: string;
}

/**
 * Stores accepted rows (except `skip`) in batches; returns counts and the `<region>#<batch>`s
 * touched. Each batch touched notes this delivery as the SMO's informing start (4.3/4.5) unless an
 * earlier one is noted.
 */
async function storeAccepted(rows: AsyncIterable<AcceptedResult>, skip: ReadonlySet<number>, base: StoreBase): Promise<{ stored: number; unchanged: number; batches: Set<string> }> {
  let stored = 0;
  let unchanged = 0;
  /** Earliest informing date of each batch touched. */
  const firstDates = new Map<string, IsoDate>();
  let batch: StoredResult[] = [];
  const flush = async () => {
    const out = await putResults(batch);
    stored += out.stored;
    unchanged += out.unchanged;
    batch = [];
  };
  for await (const row of rows) {
    if (skip.has(row.line)) continue;
    const key = `${row.region}#${row.batch}`;
    const first = firstDates.get(key);
    if (!first || row.date < first) firstDates.set(key, row.date);
    batch.push(storedOf(row, base));
    if (batch.length >= LOAD_BATCH) await flush();
  }
  if (batch.length) await flush();
  await Promise.all(
    [...firstDates].map(([key, date]) =>
      noteInformingStart({ campaignId: base.campaignId, region: key.slice(0, 2), batch: key.slice(3) as BatchId, smo: base.smo, receivedAt: base.receivedAt, date, source: base.source, sourceId: base.sourceId }),
    ),
  );
  return { stored, unchanged, batches: new Set(firstDates.keys()) };
}

const storedOf = (row: AcceptedResult, base: StoreBase): StoredResult => ({
  enp: row.enp,
  campaignId: base.campaignId,
  date: row.date,
  channel: row.channel,
  result: row.result,
  region: row.region,
  batch: row.batch,
  smo: base.smo,
  mo: row.mo,
  group: row.group,
  ...(row.dispensary ? { dispensary: true } : {}),
  order: base.order,
  receivedAt: base.receivedAt,
  source: base.source,
  sourceId: base.sourceId,
  line: row.line,
});

// ---- API ----------------------------------------------------------------------------------------

export interface ApiResultRow {
  enp?: unknown;
  date?: unknown;
  channel?: unknown;
  result?: unknown;
}

export interface RejectedRow {
  row: number;
  issues: Array<Pick<FlkIssue, 'field' | 'value' | 'code' | 'message'>>;
}

export interface SubmitOutcome {
  received: number;
  accepted: number;
  rejected: number;
  /** Of the accepted: new or changed days, and days the same (or a later) report already says. */
  stored: number;
  unchanged: number;
  rejectedRows: RejectedRow[];
}

const text = (v: unknown): string => (v === undefined || v === null ? '' : String(v));

/**
 * A JSON batch of results from the SMO's system: the same rules as a file (rows numbered from 1 in
 * request order, fields named as in JSON). Valid rows are stored whatever the others (no error
 * threshold: the caller gets every rejected row back with its reasons and can resend them).
 */
export async function submitResults(input: { smo: string; campaign: Campaign; rows: readonly ApiResultRow[]; requestId: string; at: Date }): Promise<SubmitOutcome> {
  const ctx: ResultContext = {
    ref: loadReferenceData(),
    codes: loadInformingCodes(),
    campaign: input.campaign,
    smo: input.smo,
    today: smoToday(input.smo, input.at),
    names: API_FIELDS,
  };
  const issues = new Map<number, FlkIssue[]>();
  const accepted: AcceptedResult[] = [];
  const keys = new KeyRuns();
  const raws = input.rows.map((r, i): RawResult => ({ line: i + 1, enp: text(r.enp), date: text(r.date), channel: text(r.channel), result: text(r.result) }));
  await checkRows(iterate([raws]), ctx, registryLookups(input.campaign.id), { issue: (i) => void issues.set(i.line, [...(issues.get(i.line) ?? []), i]), accept: (r) => void accepted.push(r) }, keys);
  const duplicates = await keys.duplicates();
  for (const d of duplicates) {
    const [enp = '', date = ''] = d.key.split('#');
    issues.set(d.line, [duplicateResultIssue(d.line, API_FIELDS, enp, date, d.firstLine)]);
  }
  const at = input.at.toISOString();
  const stored = await storeAccepted(iterate(accepted), new Set(duplicates.map((d) => d.line)), {
    campaignId: input.campaign.id,
    smo: input.smo,
    order: `${at}#${input.requestId}`,
    receivedAt: at,
    source: 'api',
    sourceId: input.requestId,
  });
  await requestRecompute([...stored.batches].map((b) => ({ campaignId: input.campaign.id, region: b.slice(0, 2), batch: b.slice(3) as BatchId, smo: input.smo })));
  const rejectedRows = [...issues.entries()]
    .sort(([a], [b]) => a - b)
    .map(([row, list]) => ({ row, issues: list.map(({ field, value, code, message }) => ({ field, value, code, message })) }));
  return {
    received: raws.length,
    accepted: raws.length - rejectedRows.length,
    rejected: rejectedRows.length,
    stored: stored.stored,
    unchanged: stored.unchanged,
    rejectedRows,
  };
}
