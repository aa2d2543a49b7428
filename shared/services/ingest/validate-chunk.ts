import { config } from '../../config.js';
import { markChunk, getFile, putChunkSummary } from '../../adapters/store/files.js';
import { uploadStream } from '../../adapters/s3.js';
import { sendMessage } from '../../adapters/sqs.js';
import { logger } from '../../adapters/lambda/logger.js';
import type { ChunkMessage } from '../../ingest/messages.js';
import { workKeys } from '../../ingest/inbox.js';
import { formatWithRegistry } from './registry.js';
import { chunkRows } from './rows.js';

/**
 * ФЛК of one chunk: every row validated; issues, the sorted ЕНП of valid rows and their sorted
 * cross-row keys (СНИЛС, phone, person) are staged in the work bucket for the finalizer. Outputs
 * are overwritten whole, so a redelivery changes nothing.
 */
export async function validateChunk(message: ChunkMessage): Promise<void> {
  const file = await getFile(message.fileId);
  if (!file || file.phase !== 'VALIDATING') {
    logger.info('Chunk skipped: file not validating', { fileId: message.fileId, phase: file?.phase });
    return;
  }
  const format = await formatWithRegistry(file);
  const validate = format.makeValidator();
  const work = config.bucket('work');
  const issuesOut = uploadStream(work, workKeys.issues(file.fileId, message.chunk), 'application/x-ndjson');
  const identities: string[] = [];
  const crossKeys: string[] = [];
  let dataRows = 0;
  let validRows = 0;
  let errorRows = 0;
  let errors = 0;
  let warnings = 0;

  const source = chunkRows(file, message);
  try {
    for await (const block of source.blocks) {
      for (const { line, fields, unreadable } of block) {
        dataRows++;
        const result = unreadable ? { issues: [unreadable], record: undefined } : validate(fields, line);
        let rowHasError = false;
        for (const issue of result.issues) {
          if (issue.severity === 'error') {
            errors++;
            rowHasError = true;
          } else warnings++;
          if (!issuesOut.stream.write(JSON.stringify(issue) + '\n')) {
            await new Promise((resolve) => issuesOut.stream.once('drain', resolve));
          }
        }
        if (rowHasError) errorRows++;
        else {
          validRows++;
          const identity = format.identity(result.record);
          if (identity) identities.push(`${identity}\t${line}`);
          if (result.record) for (const key of format.crossKeys(result.record)) crossKeys.push(`${key}\t${line}`);
        }
      }
    }
  } finally {
    issuesOut.stream.end();
  }
  await issuesOut.done;

  // Sorted so the finalizer can find repeats across chunks with a streaming k-way merge.
  await stageSorted(workKeys.enps(file.fileId, message.chunk), identities);
  await stageSorted(workKeys.crossKeys(file.fileId, message.chunk), crossKeys);

  await putChunkSummary(file.fileId, {
    chunk: message.chunk,
    lines: source.lines(),
    dataRows,
    validRows,
    errorRows,
    errors,
    warnings,
  });
  const validated = await markChunk(file.fileId, 'validatedChunks', message.chunk);
  logger.info('Chunk validated', { fileId: file.fileId, chunk: message.chunk, dataRows, errorRows, validated });
  if (validated === file.chunkCount) await sendMessage('ingest-finalize', { fileId: file.fileId });
}

async function stageSorted(key: string, lines: string[]): Promise<void> {
  lines.sort();
  const out = uploadStream(config.bucket('work'), key, 'text/tab-separated-values');
  out.stream.end(lines.join('\n'));
  await out.done;
}
