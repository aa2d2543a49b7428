import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import ExcelJS from 'exceljs';

type Cell = ExcelJS.Cell;

/**
 * Rows of the first worksheet of an XLSX file, streamed, each cell as the text a user sees
 * (dates DD.MM.YYYY, numbers without exponent). Row arrays are aligned by column (A → 0); rows the
 * file does not store (empty rows) come out as `[]`, so row numbers stay physical.
 *
 * exceljs parks worksheets that arrive before sharedStrings in the zip (Excel and LibreOffice
 * write them in that order) in a temp file and parses them at the end: memory stays flat either
 * way. Styles are cached so date-formatted numbers become dates.
 */
export async function* readXlsxRows(input: Readable | string): AsyncGenerator<string[]> {
  const source = typeof input === 'string' ? createReadStream(input) : input;
  const { reader, failed } = workbookReader(source);
  try {
    for await (const worksheet of untilFailed(reader, failed, source)) {
      let expected = 1;
      for await (const row of untilFailed(worksheet, failed, source)) {
        if (row.number > MAX_ROWS) throw new Error(`XLSX: row ${row.number} is past the last row of a sheet (${MAX_ROWS})`);
        for (; expected < row.number; expected++) yield [];
        expected = row.number + 1;
        const fields: string[] = [];
        row.eachCell({ includeEmpty: false }, (cell, column) => {
          for (let i = fields.length; i < column - 1; i++) fields.push('');
          fields[column - 1] = cellText(cell.value, cell.numFmt);
        });
        yield fields;
      }
      return; // first worksheet only
    }
  } finally {
    // We may stop before the end of the zip: close the file we opened ourselves.
    if (typeof input === 'string') source.destroy();
  }
}

/** Rows of an Excel sheet (XLSX): a row numbered past it is a broken file, not a million empty rows. */
const MAX_ROWS = 1_048_576;

/**
 * exceljs's streaming reader, made safe for zips that store a worksheet after the workbook's
 * relationships but before `workbook.xml` (the order is the writer's choice): exceljs 4 then reads
 * `model.sheets` of a model it has not parsed yet and throws. Sheets read that early keep a
 * generic name, which callers must not rely on anyway.
 */
function workbookReader(input: Readable): { reader: ExcelJS.stream.xlsx.WorkbookReader; failed: Promise<never> } {
  const failed = unzipFailure(input);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  const internals = reader as unknown as { model?: { sheets?: unknown[] } };
  internals.model ??= { sheets: [] };
  return { reader, failed };
}

/**
 * exceljs pipes the input into unzipper's parser and awaits each entry it reads. When the parser
 * fails inside an entry (a corrupt deflate stream: «invalid distance too far back»), that entry
 * never ends and the error reaches no one: the read would wait forever. The parser is the one
 * stream exceljs pipes the input into, so its error is caught there.
 */
function unzipFailure(input: Readable): Promise<never> {
  const failed = new Promise<never>((_, reject) => {
    const pipe = input.pipe.bind(input);
    input.pipe = (<T extends NodeJS.WritableStream>(destination: T, options?: { end?: boolean }): T => {
      (destination as unknown as Readable).once('error', reject);
      return pipe(destination, options);
    }) as typeof input.pipe;
  });
  failed.catch(() => undefined); // raced below; not an unhandled rejection when nobody is waiting
  return failed;
}

/**
 * The items of `source` until the unzip parser fails, then that error. A source stuck on the dead
 * entry is abandoned (its return() would wait for the entry too) and the input destroyed.
 */
async function* untilFailed<T>(source: AsyncIterable<T>, failed: Promise<never>, input: Readable): AsyncGenerator<T> {
  const it = source[Symbol.asyncIterator]();
  let stuck = false;
  try {
    for (;;) {
      let step: IteratorResult<T>;
      try {
        step = await Promise.race([it.next(), failed]);
      } catch (error) {
        stuck = true;
        throw error;
      }
      if (step.done) return;
      yield step.value;
    }
  } finally {
    if (stuck) input.destroy();
    else await it.return?.();
  }
}

/** A stored row of any worksheet, with each cell's raw value and number format (A → 0). */
export interface SheetRow {
  /** Position of the worksheet in the order the file yields them (0-based). */
  sheet: number;
  /** Worksheet name when the reader knows it by then (it may not, for zips in Excel's order). */
  name?: string;
  /** Physical row number, header = 1. */
  number: number;
  cells: Array<{ value: Cell['value']; numFmt?: string }>;
}

/**
 * Every stored row of every worksheet, streamed, with raw values (dates stay Date, times stay
 * numbers or Date) for readers that must tell a typed cell from text. Empty rows are not yielded.
 */
export async function* readXlsxSheetRows(input: Readable): AsyncGenerator<SheetRow> {
  const { reader, failed } = workbookReader(input);
  let sheet = -1;
  for await (const worksheet of untilFailed(reader, failed, input)) {
    sheet++;
    const name = (worksheet as unknown as { name?: string }).name;
    for await (const row of untilFailed(worksheet, failed, input)) {
      if (row.number > MAX_ROWS) throw new Error(`XLSX: row ${row.number} is past the last row of a sheet (${MAX_ROWS})`);
      const cells: SheetRow['cells'] = [];
      row.eachCell({ includeEmpty: false }, (cell, column) => {
        for (let i = cells.length; i < column - 1; i++) cells.push({ value: null });
        cells[column - 1] = { value: cell.value, numFmt: cell.numFmt };
      });
      yield { sheet, name, number: row.number, cells };
    }
  }
}

/** The text Excel would show for a cell value (general formats, Russian booleans). */
export function cellText(value: Cell['value'], numFmt?: string): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return isDateFormat(numFmt) ? dateText(excelSerialToDate(value)) : numberText(value);
  if (typeof value === 'boolean') return value ? 'ИСТИНА' : 'ЛОЖЬ';
  if (value instanceof Date) return dateText(value);
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return cellText((value as { result?: Cell['value'] }).result ?? null, numFmt);
  if ('error' in value) return String(value.error);
  if ('text' in value) return cellText(value.text as Cell['value']);
  return '';
}

/**
 * Integers are written in full (Excel keeps 15 significant digits, so a 16-digit ЕНП saved as a
 * number has already lost its last digit: it is passed on as is and the ЕНП check rejects it);
 * fractions are rounded to 15 significant digits like Excel's General format, never with exponent.
 */
export function numberText(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n)) return Math.abs(n) < 1e21 ? n.toFixed(0) : BigInt(n).toString();
  const rounded = Number(n.toPrecision(15));
  const text = String(rounded);
  if (!text.includes('e')) return text;
  return rounded.toFixed(20).replace(/\.?0+$/, '');
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** Excel dates are stored without zone; exceljs maps them to UTC midnight. */
export function dateText(date: Date): string {
  if (Number.isNaN(date.getTime())) return '';
  return `${pad2(date.getUTCDate())}.${pad2(date.getUTCMonth() + 1)}.${date.getUTCFullYear()}`;
}

function excelSerialToDate(serial: number): Date {
  // 1900 system: serial 25569 is 1970-01-01 (Excel's phantom 29.02.1900 included in the offset).
  return new Date(Math.round((serial - 25569) * 86400000));
}

/** A number format shows a date when it has d/m/y outside quoted text and [..] sections. */
function isDateFormat(numFmt: string | undefined): boolean {
  if (!numFmt) return false;
  const bare = numFmt.replace(/"[^"]*"|\[[^\]]*]|\\./g, '');
  return /[dy]|m(?!s)/i.test(bare) && !/^[#0.,%\s]*$/.test(bare);
}
