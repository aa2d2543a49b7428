import ExcelJS from 'exceljs';
import { DATA_SHEET, FILL_FIRST_COLUMN, MARKS } from '../../../shared/abonent/layout.js';
import type { IsoDate } from '../../../shared/domain/records.js';

/**
 * Fills a formed «абонентский пункт» the way a clerk would in Excel (typed cells: dates as dates,
 * times as day fractions, отметки from the list): every `refuseEvery`-th person refuses, the others
 * get a date inside the window and a time. For demos and tests; the file keeps everything else.
 */
export async function fillAbonentWorkbook(xlsx: Buffer, window: { from: IsoDate; to: IsoDate }, opts: { refuseEvery?: number; dayOffset?: number } = {}): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(xlsx as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet(DATA_SHEET);
  if (!sheet) throw new Error(`Нет листа «${DATA_SHEET}»`);
  const start = Date.parse(`${window.from}T00:00:00Z`);
  const days = Math.max(1, Math.round((Date.parse(`${window.to}T00:00:00Z`) - start) / 86_400_000) + 1);
  const [date, time, mark] = [FILL_FIRST_COLUMN, FILL_FIRST_COLUMN + 1, FILL_FIRST_COLUMN + 2];
  for (let r = 2; r <= sheet.rowCount; r++) {
    if (opts.refuseEvery && r % opts.refuseEvery === 0) {
      sheet.getCell(r, mark).value = MARKS[1];
    } else {
      sheet.getCell(r, date).value = new Date(start + (((opts.dayOffset ?? 0) + r) % days) * 86_400_000);
      sheet.getCell(r, time).value = (9 * 60 + (r % 16) * 30) / 1440;
      sheet.getCell(r, mark).value = MARKS[0];
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
