import type { TextEncoding } from '../files/encoding.js';
import { lineBlocksInRange, MAX_LINE_BYTES, OVERLONG_LINE, splitFields, type LineRange } from '../files/lines.js';
import { rowIssue } from '../flk/codes.js';
import type { FlkIssue } from '../flk/types.js';

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
  /**
   * The rows in blocks (one per decoded input chunk for CSV): a consumer awaits once per block and
   * loops over its rows synchronously — an await per row cost more than the ФЛК itself (issue 14).
   */
  blocks: AsyncGenerator<SourceRow[]>;
  /** Physical lines seen so far (header and blank lines included). */
  lines(): number;
}

/**
 * The data rows of one byte range of a CSV file (`body` as linesInRange wants it). The header
 * (first line of the file) and blank lines are counted, not yielded. Pure: the parse benchmark
 * runs this very function over a local file.
 */
export function csvRows(body: AsyncIterable<Uint8Array>, range: LineRange, encoding: TextEncoding): RowStream {
  let lines = 0;
  async function* blocks(): AsyncGenerator<SourceRow[]> {
    for await (const texts of lineBlocksInRange(body, range, encoding)) {
      const rows: SourceRow[] = [];
      for (let i = 0; i < texts.length; i++) {
        const text = texts[i]!;
        lines++;
        if ((range.start === 0 && lines === 1) || isBlank(text)) continue;
        rows.push(text === OVERLONG_LINE ? overlongRow(lines) : { line: lines, fields: splitFields(text) });
      }
      if (rows.length) yield rows;
    }
  }
  return { blocks: blocks(), lines: () => lines };
}

/** `text.trim() === ''`, without trimming a line that starts with a visible ASCII character (nearly all). */
function isBlank(text: string): boolean {
  const first = text.charCodeAt(0);
  if (first > 32 && first < 127) return false;
  return text.trim() === '';
}
