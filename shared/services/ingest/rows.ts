import type { Readable } from 'node:stream';
import { linesInRange, MAX_LINE_BYTES, OVERLONG_LINE, splitFields } from '../../files/lines.js';
import { rowIssue } from '../../flk/codes.js';
import type { FlkIssue } from '../../flk/types.js';
import { brokenXlsx, poisonOnError } from '../../ingest/poison.js';
import { readXlsxRows } from '../../files/xlsx.js';
import type { FileRecord } from '../../ingest/file-record.js';
import type { ByteRange } from '../../ingest/inbox.js';
import { readObject, readRange } from '../../adapters/s3.js';

export interface SourceRow {
  /** Line number local to the chunk (1-based); for chunk 0 and XLSX files it is the file's line. */
  line: number;
  fields: string[];
  /** Found before the fields could be read (a line longer than MAX_LINE_BYTES): the row is rejected as is. */
  unreadable?: FlkIssue;
}

/** R042 for a line that is not a table row; the chunk-local line is renumbered like any finding. */
export const overlongRow = (line: number): SourceRow => ({
  line,
  fields: [],
  unreadable: rowIssue('R042', line, '', '', `больше ${MAX_LINE_BYTES / 1024} КиБ`),
});

export interface RowStream {
  rows: AsyncGenerator<SourceRow>;
  /** Physical lines seen so far (header and blank lines included). */
  lines(): number;
}

/**
 * The data rows of one chunk of a received file. CSV chunks are byte ranges realigned to lines;
 * an XLSX file is a single chunk read with the streaming reader. Header and blank lines are
 * counted (row numbers stay physical) but not yielded.
 */
export function chunkRows(file: FileRecord, range: ByteRange): RowStream {
  let lines = 0;
  async function* rows(): AsyncGenerator<SourceRow> {
    let body: Readable | undefined;
    try {
      if (file.format === 'xlsx') {
        body = await readObject(file.bucket, file.key);
        const width = file.header?.length ?? 0;
        // A broken archive stays broken: the file is rejected at once (PoisonError), not retried.
        for await (const fields of poisonOnError(readXlsxRows(body), brokenXlsx())) {
          lines++;
          if (lines === 1 || fields.every((f) => f === '')) continue;
          // Spreadsheets drop trailing empty cells; they are empty fields, not missing ones.
          while (fields.length < width) fields.push('');
          yield { line: lines, fields };
        }
        return;
      }
      body = await readRange(file.bucket, file.key, Math.max(0, range.start - 1));
      for await (const text of linesInRange(body, range, file.encoding ?? 'utf-8')) {
        lines++;
        if ((range.start === 0 && lines === 1) || text.trim() === '') continue;
        yield text === OVERLONG_LINE ? overlongRow(lines) : { line: lines, fields: splitFields(text) };
      }
    } finally {
      // The range is open-ended: stop downloading once the chunk's last line is read.
      body?.destroy();
    }
  }
  return { rows: rows(), lines: () => lines };
}
