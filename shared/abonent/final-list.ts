import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { caughtUp, sheetSinks } from '../files/xlsx-write.js';
import { HEADERS, LOCKED_COLUMNS, ruDate } from './layout.js';
import type { PlanEntry } from './returned.js';

/** One row of a final list (x.5): the person as handed out and what the MO returned, if anything. */
export interface FinalRow {
  mo: string;
  locked: string[];
  entry?: PlanEntry;
}

export const NO_ENTRY = 'нет данных от МО';
const CHECK_EVERY = 1000;

/**
 * Streams a final list (per MO or per region) as XLSX: the MO, the person's columns, the planned
 * date and time or the отметка. Plain (unprotected) workbook: it is a report, not a form.
 */
export async function writeFinalList(out: Writable, title: string, rows: AsyncIterable<FinalRow>): Promise<number> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true });
  workbook.creator = 'omsflow';
  workbook.title = title;
  const sheet = workbook.addWorksheet('Итоговый список', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [{ width: 9 }, ...LOCKED_COLUMNS.map((c) => ({ width: c.width })), { width: 16 }, { width: 9 }, { width: 18 }, { width: 40 }];
  const header = sheet.addRow(['МО', ...HEADERS]);
  header.font = { bold: true };
  header.commit();
  let count = 0;
  for await (const row of rows) {
    const e = row.entry;
    sheet.addRow([row.mo, ...row.locked, e?.date ? ruDate(e.date) : '', e?.time ?? '', e?.mark ?? NO_ENTRY, e?.comment ?? '']).commit();
    if (++count % CHECK_EVERY === 0) await caughtUp([...sheetSinks(sheet), out]);
  }
  sheet.autoFilter = `A1:${String.fromCharCode(65 + HEADERS.length)}1`;
  sheet.commit();
  await workbook.commit();
  return count;
}

/**
 * Joins the rows handed out (in order) with the accepted entries (a subset, same order by №):
 * both streams are read once, side by side.
 */
export async function* joinEntries(mo: string, originals: AsyncIterable<string[]>, entries: AsyncIterable<PlanEntry> | undefined): AsyncGenerator<FinalRow> {
  const it = entries?.[Symbol.asyncIterator]();
  let next = it ? await it.next() : undefined;
  for await (const locked of originals) {
    const n = Number(locked[0]);
    while (next && !next.done && next.value.n < n) next = await it!.next();
    const entry = next && !next.done && next.value.n === n ? next.value : undefined;
    yield { mo, locked, entry };
  }
}
