import type { Readable } from 'node:stream';
import type { TextEncoding } from '../files/encoding.js';
import { lineBlocksInRange, OVERLONG_LINE, splitFields } from '../files/lines.js';
import { readXlsxRows } from '../files/xlsx.js';
import { fileIssue, rowIssue } from '../flk/codes.js';
import type { ColumnMap, FlkIssue } from '../flk/types.js';
import { poisonOnError } from '../ingest/poison.js';
import { overlongRow } from '../services/ingest/rows.js';
import { BLOCK_ROWS, checkResultsHeader, type RawResult, type ResultColumn } from './result-rows.js';

/** A line too long to be a row (OVERLONG_LINE), told apart by identity: R042. */
const OVERLONG_FIELDS: string[] = [];

export type HeaderOutcome = { ok: true; columns: ColumnMap<ResultColumn>; warnings: FlkIssue[] } | { ok: false; issues: FlkIssue[] };

/**
 * Rows of a results file as raw results, in arrays: CSV (windows-1251 or UTF-8) one array per
 * decoded block of lines, or the first sheet of an XLSX (streamed) in arrays of 500 rows. The
 * header is checked first (`onHeader`); blank lines are skipped but keep their numbers; a CSV line
 * with another field count is R017. Values are slices of the decoded block: nothing keeps them past
 * their block (findings and accepted rows are serialized at once, keys are kept as numbers).
 */
export async function* resultRowsOf(body: Readable, format: 'csv' | 'xlsx', encoding: TextEncoding, onHeader: (h: HeaderOutcome) => void): AsyncGenerator<RawResult[]> {
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
