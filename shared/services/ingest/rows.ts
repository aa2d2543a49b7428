import type { Readable } from 'node:stream';
import { linesInRange, splitFields } from '../../files/lines.js';
import { readXlsxRows } from '../../files/xlsx.js';
import type { FileRecord } from '../../ingest/file-record.js';
import type { ByteRange } from '../../ingest/inbox.js';
import { readObject, readRange } from '../../adapters/s3.js';

export interface SourceRow {
  /** Line number local to the chunk (1-based); for chunk 0 and XLSX files it is the file's line. */
  line: number;
  fields: string[];
}

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
        for await (const fields of readXlsxRows(body)) {
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
        yield { line: lines, fields: splitFields(text) };
      }
    } finally {
      // The range is open-ended: stop downloading once the chunk's last line is read.
      body?.destroy();
    }
  }
  return { rows: rows(), lines: () => lines };
}
