import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { checkReturnedWorkbook, type PlanEntry, type ReturnExpectation } from '../../shared/abonent/returned.js';
import { DATA_SHEET, lockedTexts, type AbonentMeta, type AbonentRow } from '../../shared/abonent/layout.js';
import { writeAbonentWorkbook } from '../../shared/abonent/workbook.js';
import { readXlsxSheetRows } from '../../shared/files/xlsx.js';
import { makeEnp } from '../../shared/identifiers/enp.js';

export const WINDOW = { from: '2021-06-22', to: '2021-12-31' };

/** Persons of a small MO list, deterministic. */
export function sampleRows(count: number, mo = '771001'): AbonentRow[] {
  const names = ['Иванов Иван Иванович', 'Петрова Анна Сергеевна', 'Сидоров Пётр Ильич', 'Кузнецова Мария Олеговна'];
  return Array.from({ length: count }, (_, i) => ({
    n: i + 1,
    enp: makeEnp('77', '1960-01-01', ((i % 2) + 1) as 1 | 2, Number(mo.slice(-3)) * 1000 + i + 1),
    fio: names[i % names.length]!,
    dr: '01.01.1960',
    w: i % 2 ? 'Ж' : 'М',
    phone: i % 3 ? `+7916${String(1000000 + i).slice(-7)}` : '',
    group: (i % 2) + 1,
    smo: '77008',
  }));
}

/** Forms a file in memory as the forming worker would; `originals` is the copy it keeps. */
export async function formWorkbook(
  rows: AbonentRow[],
  meta: Partial<Omit<AbonentMeta, 'rows' | 'hash'>> = {},
): Promise<{ buffer: Buffer; meta: AbonentMeta; originals: string[][] }> {
  const out = new PassThrough();
  const parts: Buffer[] = [];
  out.on('data', (b: Buffer) => parts.push(b));
  const ended = new Promise((resolve) => out.on('end', resolve));
  async function* iterate() {
    yield* rows;
  }
  const full = await writeAbonentWorkbook(
    out,
    { fileId: 'ap-test', mo: '771001', region: '77', campaignId: 'ud-2021', batch: '12', window: WINDOW, formedAt: '2021-06-15T00:00:00.000Z', ...meta },
    iterate(),
  );
  await ended;
  return { buffer: Buffer.concat(parts), meta: full, originals: rows.map(lockedTexts) };
}

/**
 * Opens a formed file with exceljs's in-memory workbook, lets `edit` fill or tamper with the data
 * sheet (cells typed as Excel types them: Date for dates, day fractions for times) and saves it.
 */
export async function editWorkbook(buffer: Buffer, edit: (sheet: ExcelJS.Worksheet, workbook: ExcelJS.Workbook) => void): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  edit(workbook.getWorksheet(DATA_SHEET)!, workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Fills every row: a date in the window and a time, or an отметка, as a clerk would. */
export function fillAll(sheet: ExcelJS.Worksheet, rows: number): void {
  for (let r = 2; r <= rows + 1; r++) {
    if (r % 5 === 0) {
      sheet.getCell(r, 11).value = 'отказ';
    } else {
      sheet.getCell(r, 9).value = new Date(Date.UTC(2021, 6, 1 + (r % 20)));
      sheet.getCell(r, 10).value = (9 * 60 + (r % 8) * 30) / 1440;
      sheet.getCell(r, 11).value = 'запланирован';
    }
  }
}

export async function checkBuffer(buffer: Buffer, expected: ReturnExpectation, originals: string[][]) {
  const entries: PlanEntry[] = [];
  async function* source() {
    yield* originals;
  }
  const check = await checkReturnedWorkbook(readXlsxSheetRows(Readable.from(buffer)), expected, source(), (e) => {
    entries.push(e);
  });
  return { check, entries };
}
