import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { caughtUp, excelDate, sheetSinks, XLSX_FORMATS } from '../files/xlsx-write.js';
import {
  COMMENT_MAX,
  DATA_SHEET,
  FILL_COLUMNS,
  FILL_FIRST_COLUMN,
  FORMAT_VERSION,
  HEADERS,
  LOCKED_COLUMNS,
  LockedDigest,
  lockedTexts,
  MARKS,
  META_LABELS,
  META_SHEET,
  ruDate,
  type AbonentMeta,
  type AbonentRow,
} from './layout.js';

/** Rows between checks of the output's backpressure. */
const CHECK_EVERY = 1000;

const UNLOCKED = { locked: false } as const;
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
const FILL_HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };

/** Protection that still lets a clerk select, filter and widen columns, but not edit locked cells. */
const PROTECTION: Partial<ExcelJS.WorksheetProtection> = {
  selectLockedCells: true,
  selectUnlockedCells: true,
  formatColumns: true,
  autoFilter: true,
};

/**
 * Numbers stay numbers (№, group) and the birth date is a date (ДД.ММ.ГГГГ), so Excel sorts them;
 * everything else is text as shown (the return reader takes a date cell or a date typed as text
 * back as the same `ДД.ММ.ГГГГ`, so the locked digest holds either way). One shared
 * style object per column: exceljs caches styles by object, and a fresh object per cell (what it
 * does by default) costs a style lookup per cell, about half the writer's time.
 */
const NUMBER_STYLE: Partial<ExcelJS.Style> = Object.freeze({ numFmt: '0' });
const TEXT_STYLE: Partial<ExcelJS.Style> = Object.freeze({ numFmt: '@' });
const DATE_STYLE: Partial<ExcelJS.Style> = Object.freeze({ numFmt: XLSX_FORMATS.date });
const LOCKED_STYLES = [NUMBER_STYLE, TEXT_STYLE, TEXT_STYLE, DATE_STYLE, TEXT_STYLE, TEXT_STYLE, NUMBER_STYLE, TEXT_STYLE];

const column = (letterIndex: number): string => String.fromCharCode(64 + letterIndex);

/**
 * Streams one MO's «абонентский пункт» (DOMAIN.md §3.4) to `out` with exceljs's streaming writer: the
 * visible sheet (locked person columns, unlocked fill columns with data validation, protection,
 * frozen header, filter) and the hidden sheet with the file's identity and the digest of the locked
 * columns. `onRow` sees every row as written (the caller keeps a copy to check returns against).
 *
 * Like every exceljs streaming write, this only finishes while `out` is consumed.
 */
export async function writeAbonentWorkbook(
  out: Writable,
  meta: Omit<AbonentMeta, 'rows' | 'hash'>,
  rows: AsyncIterable<AbonentRow>,
  onRow?: (row: AbonentRow) => Promise<void> | void,
): Promise<AbonentMeta> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true });
  workbook.creator = 'omsflow';
  workbook.title = `Абонентский пункт МО ${meta.mo}`;

  const sheet = workbook.addWorksheet(DATA_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  protectionInSchemaOrder(sheet);
  sheet.columns = [
    ...LOCKED_COLUMNS.map((c) => ({ width: c.width, style: { numFmt: '@' } })),
    { width: FILL_COLUMNS[0].width, style: { numFmt: 'dd.mm.yyyy', protection: UNLOCKED } },
    { width: FILL_COLUMNS[1].width, style: { numFmt: 'hh:mm', protection: UNLOCKED } },
    { width: FILL_COLUMNS[2].width, style: { protection: UNLOCKED } },
    { width: FILL_COLUMNS[3].width, style: { numFmt: '@', protection: UNLOCKED, alignment: { wrapText: true } } },
  ];
  const header = sheet.addRow([...HEADERS]);
  header.eachCell((cell, index) => {
    // The header stays locked even over fill columns: renaming a column would break the return.
    cell.style = { font: { bold: true }, alignment: { wrapText: true, vertical: 'middle' }, fill: index >= FILL_FIRST_COLUMN ? FILL_HEADER_FILL : HEADER_FILL, protection: { locked: true } };
  });
  header.commit();

  const digest = new LockedDigest();
  for await (const row of rows) {
    const locked = lockedTexts(row);
    digest.add(locked);
    const written = sheet.addRow([row.n, row.enp, row.fio, excelDate(row.dr) ?? row.dr, row.w, row.phone, row.group, row.smo]);
    for (let i = 0; i < LOCKED_STYLES.length; i++) written.getCell(i + 1).style = LOCKED_STYLES[i]!;
    written.commit();
    if (onRow) await onRow(row);
    if (digest.rows % CHECK_EVERY === 0) await caughtUp([...sheetSinks(sheet), out]);
  }
  const last = digest.rows + 1;
  const fill = (offset: number) => `${column(FILL_FIRST_COLUMN + offset)}2:${column(FILL_FIRST_COLUMN + offset)}${Math.max(2, last)}`;
  const from = new Date(`${meta.window.from}T00:00:00Z`);
  const to = new Date(`${meta.window.to}T00:00:00Z`);
  const window = `${ruDate(meta.window.from)}–${ruDate(meta.window.to)}`;
  // The streaming sheet keeps validations by range, so a 100 k-row file holds four entries.
  const validations = (sheet as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation> } }).dataValidations;
  Object.assign(validations.model, {
    [fill(0)]: {
      type: 'date',
      operator: 'between',
      allowBlank: true,
      formulae: [from, to],
      showErrorMessage: true,
      errorTitle: 'Дата проведения',
      error: `Дата должна быть в периоде кампании ${window}.`,
      showInputMessage: true,
      promptTitle: 'Дата проведения',
      prompt: `ДД.ММ.ГГГГ, ${window}`,
    },
    [fill(1)]: {
      type: 'time',
      operator: 'between',
      allowBlank: true,
      formulae: ['0', '0.999305555555556'],
      showErrorMessage: true,
      errorTitle: 'Время',
      error: 'Время в формате ЧЧ:ММ.',
    },
    [fill(2)]: {
      type: 'list',
      allowBlank: true,
      formulae: [`"${MARKS.join(',')}"`],
      showErrorMessage: true,
      errorTitle: 'Отметка',
      error: `Выберите отметку из списка: ${MARKS.join(', ')}.`,
    },
    [fill(3)]: {
      type: 'textLength',
      operator: 'lessThanOrEqual',
      allowBlank: true,
      formulae: [String(COMMENT_MAX)],
      showErrorMessage: true,
      errorTitle: 'Комментарий',
      error: `Не более ${COMMENT_MAX} символов.`,
    },
  });
  sheet.autoFilter = `A1:${column(HEADERS.length)}1`;
  await sheet.protect('', PROTECTION);
  sheet.commit();

  const full: AbonentMeta = { ...meta, rows: digest.rows, hash: digest.hex() };
  const hidden = workbook.addWorksheet(META_SHEET, { state: 'hidden' });
  protectionInSchemaOrder(hidden);
  hidden.columns = [{ width: 48 }, { width: 70 }];
  for (const [label, value] of metaRows(full)) hidden.addRow([label, value]).commit();
  await hidden.protect('', {});
  hidden.commit();
  await workbook.commit();
  return full;
}

/**
 * ECMA-376 wants `<sheetProtection>` right after `<sheetData>`, before `<autoFilter>` and
 * `<dataValidations>`; exceljs 4's streaming writer puts it after them, and Excel then "repairs"
 * the file, dropping the protection. Write it where the schema says (exceljs internals).
 */
function protectionInSchemaOrder(sheet: ExcelJS.Worksheet): void {
  const writer = sheet as unknown as { _writeCloseSheetData(): void; _writeSheetProtection(): void };
  const closeSheetData = writer._writeCloseSheetData.bind(writer);
  const writeProtection = writer._writeSheetProtection.bind(writer);
  writer._writeCloseSheetData = () => {
    closeSheetData();
    writeProtection();
  };
  writer._writeSheetProtection = () => undefined;
}

/** The hidden sheet's label/value rows (all text, so any reader gets them back verbatim). */
export function metaRows(meta: AbonentMeta): Array<[string, string]> {
  return [
    [META_LABELS.fileId, meta.fileId],
    [META_LABELS.mo, meta.mo],
    [META_LABELS.region, meta.region],
    [META_LABELS.campaignId, meta.campaignId],
    [META_LABELS.batch, meta.batch],
    [META_LABELS.rows, String(meta.rows)],
    [META_LABELS.hash, meta.hash],
    [META_LABELS.window, `${meta.window.from}/${meta.window.to}`],
    [META_LABELS.formedAt, meta.formedAt],
    [META_LABELS.version, FORMAT_VERSION],
  ];
}
