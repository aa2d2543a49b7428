import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { caughtUp, excelDate, excelInteger, excelTime, sheetSinks, XLSX_FORMATS } from '../files/xlsx-write.js';
import { HEADERS, LOCKED_COLUMNS } from './layout.js';
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
 * Typed cells (№ and group numbers, birth and planned dates as dates, the time as a time) so Excel
 * sorts and filters them; one frozen style object per column (exceljs caches styles by object).
 * Columns: МО, the locked ones (№ ЕНП ФИО ДР Пол Телефон Группа СМО), date, time, mark, comment.
 */
const style = (numFmt: string): Partial<ExcelJS.Style> => Object.freeze({ numFmt });
const TEXT = style('@');
const COLUMN_STYLES = [TEXT, style(XLSX_FORMATS.integer), TEXT, TEXT, style(XLSX_FORMATS.date), TEXT, TEXT, style(XLSX_FORMATS.integer), TEXT, style(XLSX_FORMATS.date), style(XLSX_FORMATS.time)];

/** The row's cells: a value that does not read as its type (a hand-edited file) stays text. */
function finalCells(row: FinalRow): ExcelJS.CellValue[] {
  const [n, enp, fio, dr, w, phone, group, smo] = row.locked;
  const e = row.entry;
  const typed = <T>(value: T | undefined, text: string | undefined) => value ?? text ?? '';
  return [row.mo, typed(excelInteger(n), n), enp, fio, typed(excelDate(dr), dr), w, phone, typed(excelInteger(group), group), smo, typed(excelDate(e?.date), e?.date), typed(excelTime(e?.time), e?.time), e?.mark ?? NO_ENTRY, e?.comment ?? ''];
}

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
    const written = sheet.addRow(finalCells(row));
    for (let i = 0; i < COLUMN_STYLES.length; i++) written.getCell(i + 1).style = COLUMN_STYLES[i]!;
    written.commit();
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
