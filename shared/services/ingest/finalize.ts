import { createInterface } from 'node:readline';
import { config } from '../../config.js';
import { putObject, readObject } from '../../adapters/s3.js';
import { getChunkSummaries, getFile, updateFile } from '../../adapters/store/files.js';
import { sendMessages } from '../../adapters/sqs.js';
import { logger } from '../../adapters/lambda/logger.js';
import { duplicateEnpIssue, renumberIssue } from '../../flk/codes.js';
import type { FlkIssue } from '../../flk/types.js';
import { findDuplicates, type Duplicate, type KeyedLine } from '../../ingest/duplicates.js';
import type { ChunkSummary, FileRecord } from '../../ingest/file-record.js';
import { workKeys } from '../../ingest/inbox.js';
import type { FinalizeMessage, LoadMessage } from '../../ingest/messages.js';
import { publishProtocol } from './protocol.js';
import { fileVerdict } from '../../ingest/verdict.js';

/**
 * All chunks of a file are validated: find duplicates across chunks, decide the status, publish
 * the protocol, and hand the chunks to the loader. Every write is an overwrite or a guarded
 * phase move, so a redelivered message repeats the same work with the same result.
 */
export async function finalizeFile({ fileId }: FinalizeMessage): Promise<void> {
  const file = await getFile(fileId);
  if (!file || !(await updateFile(fileId, ['VALIDATING', 'FINALIZING'], { phase: 'FINALIZING' }))) {
    logger.info('Finalize skipped', { fileId, phase: file?.phase });
    return;
  }
  const summaries = await getChunkSummaries(fileId);
  if (summaries.length !== file.chunkCount) throw new Error(`File ${fileId}: ${summaries.length} of ${file.chunkCount} chunk summaries`);
  const offsets = lineOffsets(summaries);

  const duplicates = await findDuplicates(summaries.map((s) => keyedLines(file, s.chunk, offsets[s.chunk]!)));
  const byChunk = groupByChunk(duplicates);
  const work = config.bucket('work');
  for (const [chunk, entries] of byChunk) {
    const localLines = entries.map((d) => d.line - offsets[chunk]!);
    await putObject(work, workKeys.duplicates(fileId, chunk), JSON.stringify(localLines), 'application/json');
  }

  const rows = sum(summaries, 'dataRows');
  const rejectedRows = sum(summaries, 'errorRows') + duplicates.length;
  const errors = sum(summaries, 'errors') + duplicates.length;
  const warnings = sum(summaries, 'warnings');
  const { status, issue } = fileVerdict(rows, rejectedRows, config.rejectErrorShare());
  const fileLevel: FlkIssue[] = issue ? [issue] : [];

  const keys = await publishProtocol(
    file,
    { status, rows, acceptedRows: status === 'REJECTED' ? 0 : rows - rejectedRows, rejectedRows, errors: errors + fileLevel.length, warnings },
    protocolIssues(file, summaries, offsets, byChunk, fileLevel),
  );
  const load = status !== 'REJECTED';
  await updateFile(fileId, ['FINALIZING'], {
    phase: load ? 'LOADING' : 'DONE',
    status,
    rows,
    acceptedRows: load ? rows - rejectedRows : 0,
    rejectedRows,
    errors: errors + fileLevel.length,
    warnings,
    ...keys,
  });
  logger.info('File finalized', { status, rows, rejectedRows, duplicates: duplicates.length });
  if (load) await sendMessages('ingest-load', summaries.map((s): LoadMessage => ({ fileId, chunk: s.chunk })));
}

function lineOffsets(summaries: ChunkSummary[]): number[] {
  const offsets: number[] = [];
  let total = 0;
  for (const s of summaries) {
    offsets[s.chunk] = total;
    total += s.lines;
  }
  return offsets;
}

const sum = (summaries: ChunkSummary[], field: keyof ChunkSummary): number =>
  summaries.reduce((acc, s) => acc + s[field], 0);

async function* readLines(file: FileRecord, key: string): AsyncGenerator<string> {
  const body = await readObject(config.bucket('work'), key);
  for await (const line of createInterface({ input: body, crlfDelay: Infinity })) if (line) yield line;
}

async function* keyedLinesOf(file: FileRecord, chunk: number, offset: number): AsyncGenerator<KeyedLine> {
  for await (const text of readLines(file, workKeys.enps(file.fileId, chunk))) {
    const tab = text.indexOf('\t');
    yield { key: text.slice(0, tab), line: offset + Number(text.slice(tab + 1)), chunk };
  }
}

const keyedLines = (file: FileRecord, chunk: number, offset: number): AsyncIterator<KeyedLine> =>
  keyedLinesOf(file, chunk, offset)[Symbol.asyncIterator]();

function groupByChunk(duplicates: Duplicate[]): Map<number, Duplicate[]> {
  const byChunk = new Map<number, Duplicate[]>();
  for (const d of duplicates) {
    const list = byChunk.get(d.chunk) ?? [];
    list.push(d);
    byChunk.set(d.chunk, list);
  }
  for (const list of byChunk.values()) list.sort((a, b) => a.line - b.line);
  return byChunk;
}

/** File-level issues, then each chunk's row issues and duplicates merged in line order. */
async function* protocolIssues(
  file: FileRecord,
  summaries: ChunkSummary[],
  offsets: number[],
  duplicates: Map<number, Duplicate[]>,
  fileLevel: FlkIssue[],
): AsyncGenerator<FlkIssue> {
  yield* fileLevel;
  for (const { chunk } of summaries) {
    const dups = duplicates.get(chunk) ?? [];
    let next = 0;
    for await (const text of readLines(file, workKeys.issues(file.fileId, chunk))) {
      const issue = JSON.parse(text) as FlkIssue;
      const line = issue.line + offsets[chunk]!;
      while (next < dups.length && dups[next]!.line < line) yield dupIssue(dups[next++]!);
      yield renumberIssue(issue, line);
    }
    while (next < dups.length) yield dupIssue(dups[next++]!);
  }
}

const dupIssue = (d: Duplicate): FlkIssue => duplicateEnpIssue(d.line, d.key, d.firstLine);
