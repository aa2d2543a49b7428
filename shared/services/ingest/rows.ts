import type { Readable } from 'node:stream';
import { brokenXlsx, poisonOnError } from '../../ingest/poison.js';
import { readXlsxRows } from '../../files/xlsx.js';
import type { FileRecord } from '../../ingest/file-record.js';
import type { ByteRange } from '../../ingest/inbox.js';
import { readObject, readRange } from '../../adapters/s3.js';
import { csvRows, type RowStream, type SourceRow } from '../../ingest/csv-rows.js';

export { csvRows, overlongRow, type RowStream, type SourceRow } from '../../ingest/csv-rows.js';

/** XLSX rows are handed out in blocks of this many. */
const XLSX_BLOCK = 512;

/**
 * The data rows of one chunk of a received file. CSV chunks are byte ranges realigned to lines;
 * an XLSX file is a single chunk read with the streaming reader. Header and blank lines are
 * counted (row numbers stay physical) but not yielded.
 */
export function chunkRows(file: FileRecord, range: ByteRange): RowStream {
  let lines = 0;
  let csv: RowStream | undefined;
  async function* blocks(): AsyncGenerator<SourceRow[]> {
    let body: Readable | undefined;
    try {
      if (file.format === 'xlsx') {
        body = await readObject(file.bucket, file.key);
        const width = file.header?.length ?? 0;
        let block: SourceRow[] = [];
        // A broken archive stays broken: the file is rejected at once (PoisonError), not retried.
        for await (const fields of poisonOnError(readXlsxRows(body), brokenXlsx())) {
          lines++;
          if (lines === 1 || fields.every((f) => f === '')) continue;
          // Spreadsheets drop trailing empty cells; they are empty fields, not missing ones.
          while (fields.length < width) fields.push('');
          block.push({ line: lines, fields });
          if (block.length >= XLSX_BLOCK) {
            yield block;
            block = [];
          }
        }
        if (block.length) yield block;
        return;
      }
      body = await readRange(file.bucket, file.key, Math.max(0, range.start - 1));
      csv = csvRows(body, range, file.encoding ?? 'utf-8');
      yield* csv.blocks;
    } finally {
      // The range is open-ended: stop downloading once the chunk's last line is read.
      body?.destroy();
    }
  }
  return { blocks: blocks(), lines: () => csv?.lines() ?? lines };
}
