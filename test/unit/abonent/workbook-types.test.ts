import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { DATA_SHEET } from '../../../shared/abonent/layout.js';
import { checkBuffer, editWorkbook, fillAll, formWorkbook, sampleRows } from '../../support/abonent.js';

const BIRTH = 4;

describe('the «абонентский пункт» file types its locked cells', () => {
  it('writes № and group as numbers and the birth date as a date (ДД.ММ.ГГГГ), as the informing file does', async () => {
    const rows = sampleRows(3);
    const { buffer } = await formWorkbook(rows);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
    const cells = wb.getWorksheet(DATA_SHEET)!.getRow(2);
    const [d, m, y] = rows[0]!.dr.split('.');
    expect([cells.getCell(1).type, cells.getCell(7).type]).toEqual([ExcelJS.ValueType.Number, ExcelJS.ValueType.Number]);
    expect({ type: cells.getCell(BIRTH).type, value: cells.getCell(BIRTH).value, numFmt: cells.getCell(BIRTH).numFmt }).toEqual({
      type: ExcelJS.ValueType.Date,
      value: new Date(`${y}-${m}-${d}T00:00:00Z`),
      numFmt: 'dd.mm.yyyy',
    });
    expect(cells.getCell(2).type).toBe(ExcelJS.ValueType.String); // the ЕНП stays text
  });

  it('accepts a return whose birth dates are dates, or were saved back as text by the office suite', async () => {
    const rows = sampleRows(6);
    const formed = await formWorkbook(rows);
    const typed = await editWorkbook(formed.buffer, (sheet) => fillAll(sheet, rows.length));
    const asText = await editWorkbook(formed.buffer, (sheet) => {
      fillAll(sheet, rows.length);
      rows.forEach((row, i) => (sheet.getCell(i + 2, BIRTH).value = row.dr));
    });
    const asSerial = await editWorkbook(formed.buffer, (sheet) => {
      fillAll(sheet, rows.length);
      // A date kept as Excel's day number with a date format (how some suites store it).
      rows.forEach((row, i) => {
        const [d, m, y] = row.dr.split('.').map(Number);
        const cell = sheet.getCell(i + 2, BIRTH);
        cell.value = Date.UTC(y!, m! - 1, d!) / 86_400_000 + 25_569;
        cell.numFmt = 'DD.MM.YYYY';
      });
    });
    for (const buffer of [typed, asText, asSerial]) {
      const { check, entries } = await checkBuffer(buffer, formed.meta, formed.originals);
      expect([check.fileRejected, check.issues.map((i) => i.code), entries.length]).toEqual([false, [], rows.length]);
    }
  });
});
