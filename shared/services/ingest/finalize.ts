import { nonEmptyLines } from '../../files/ndjson.js';
import { config } from '../../config.js';
import { putObject, readObject } from '../../adapters/s3.js';
import { getChunkSummaries, getFile, updateFile } from '../../adapters/store/files.js';
import { sendMessages } from '../../adapters/sqs.js';
import { logger } from '../../adapters/lambda/logger.js';
import { duplicateEnpIssue, renumberIssue } from '../../flk/codes.js';
import type { FlkIssue } from '../../flk/types.js';
import { crossRowIssue, findCrossRowWarnings, type CrossRowFinding } from '../../ingest/cross-row.js';
import { findDuplicates, type Duplicate, type KeyedLine } from '../../ingest/duplicates.js';
import type { ChunkSummary, FileRecord } from '../../ingest/file-record.js';
import { workKeys } from '../../ingest/inbox.js';
import type { FinalizeMessage, LoadMessage } from '../../ingest/messages.js';
import { publishProtocol } from './protocol.js';
import { fileVerdict } from '../../ingest/verdict.js';

/**
 * All chunks of a file are validated: find duplicate ЕНП across chunks (rejected, R016) and values
 * shared by several persons (warnings, R039–R041), decide the status, publish
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

  const duplicates = await findDuplicates(summaries.map((s) => keyedLines(file, workKeys.enps(fileId, s.chunk), s.chunk, offsets[s.chunk]!)));
  const byChunk = groupByChunk(duplicates);
  const cross = await findCrossRowWarnings(
    // Optional: a chunk validated by a version without cross-row checks staged no keys.
    summaries.map((s) => keyedLines(file, workKeys.crossKeys(fileId, s.chunk), s.chunk, offsets[s.chunk]!, true)),
    new Set(duplicates.map((d) => d.line)),
  );
  const crossWarnings = [...cross.values()].reduce((n, list) => n + list.length, 0);
  const work = config.bucket('work');
  for (const [chunk, entries] of byChunk) {
    const localLines = entries.map((d) => d.line - offsets[chunk]!);
    await putObject(work, workKeys.duplicates(fileId, chunk), JSON.stringify(localLines), 'application/json');
  }

  const rows = sum(summaries, 'dataRows');
  const rejectedRows = sum(summaries, 'errorRows') + duplicates.length;
  const errors = sum(summaries, 'errors') + duplicates.length;
  const warnings = sum(summaries, 'warnings') + crossWarnings;
  const { status, issue } = fileVerdict(rows, rejectedRows, config.rejectErrorShare());
  const fileLevel: FlkIssue[] = issue ? [issue] : [];

  const keys = await publishProtocol(
    file,
    { status, rows, acceptedRows: status === 'REJECTED' ? 0 : rows - rejectedRows, rejectedRows, errors: errors + fileLevel.length, warnings },
    protocolIssues(file, summaries, offsets, { duplicates: byChunk, cross }, fileLevel),
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
  logger.info('File finalized', { status, rows, rejectedRows, duplicates: duplicates.length, crossWarnings });
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

/** Lines of a staged object; an `optional` one that is missing has none. */
async function* readLines(file: FileRecord, key: string, optional = false): AsyncGenerator<string> {
  let body: Awaited<ReturnType<typeof readObject>>;
  try {
    body = await readObject(config.bucket('work'), key);
  } catch (error) {
    if (optional && (error as { name?: string }).name === 'NoSuchKey') return;
    throw error;
  }
  yield* nonEmptyLines(body);
}

async function* keyedLinesOf(file: FileRecord, key: string, chunk: number, offset: number, optional: boolean): AsyncGenerator<KeyedLine> {
  for await (const text of readLines(file, key, optional)) {
    const tab = text.lastIndexOf('\t');
    yield { key: text.slice(0, tab), line: offset + Number(text.slice(tab + 1)), chunk };
  }
}

const keyedLines = (file: FileRecord, key: string, chunk: number, offset: number, optional = false): AsyncIterator<KeyedLine> =>
  keyedLinesOf(file, key, chunk, offset, optional)[Symbol.asyncIterator]();

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

/** Findings of the finalizer, per chunk in line order. */
interface CrossChunkFindings {
  duplicates: Map<number, Duplicate[]>;
  cross: Map<number, CrossRowFinding[]>;
}

/** File-level issues, then each chunk's row issues, duplicates and cross-row warnings merged in line order. */
async function* protocolIssues(
  file: FileRecord,
  summaries: ChunkSummary[],
  offsets: number[],
  findings: CrossChunkFindings,
  fileLevel: FlkIssue[],
): AsyncGenerator<FlkIssue> {
  yield* fileLevel;
  for (const { chunk } of summaries) {
    // Built one chunk at a time: a repeated ЕНП before the warnings of the same row.
    const extra = [
      ...(findings.duplicates.get(chunk) ?? []).map((d) => ({ line: d.line, issue: () => duplicateEnpIssue(d.line, d.key, d.firstLine) })),
      ...(findings.cross.get(chunk) ?? []).map((f) => ({ line: f.line, issue: () => crossRowIssue(f.key, f.line, f.lines) })),
    ].sort((a, b) => a.line - b.line);
    let next = 0;
    for await (const text of readLines(file, workKeys.issues(file.fileId, chunk))) {
      const issue = JSON.parse(text) as FlkIssue;
      const line = issue.line + offsets[chunk]!;
      while (next < extra.length && extra[next]!.line < line) yield extra[next++]!.issue();
      yield renumberIssue(issue, line);
    }
    while (next < extra.length) yield extra[next++]!.issue();
  }
}
