import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { NO_ENTRY, writeFinalList, type FinalRow } from '../../../shared/abonent/final-list.js';
import { readXlsxRows } from '../../../shared/files/xlsx.js';

async function* each<T>(items: Iterable<T>): AsyncGenerator<T> {
  yield* items;
}

async function written(rows: FinalRow[]): Promise<Buffer> {
  const out = new PassThrough();
  const bytes = (async () => {
    const parts: Buffer[] = [];
    for await (const part of out) parts.push(part as Buffer);
    return Buffer.concat(parts);
  })();
  await writeFinalList(out, 'Итоговый список', each(rows));
  return bytes;
}

const ROWS: FinalRow[] = [
  { mo: '390001', locked: ['1', '3900000000000017', 'Иванов Иван Иванович', '05.03.1948', 'М', '+79001234567', '1', '39002'], entry: { n: 1, enp: '3900000000000017', mark: 'запланирован', date: '2026-06-15', time: '09:30' } as never },
  { mo: '390001', locked: ['2', '3900000000000025', 'Петрова Анна', '29.02.1952', 'Ж', '', '2', '39004'] },
];

describe('the final list XLSX', () => {
  it('types its cells: № and group are numbers, birth and planned dates are dates (ДД.ММ.ГГГГ), the time is a time', async () => {
    const bytes = await written(ROWS);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    const row = wb.worksheets[0]!.getRow(2);
    const cell = (n: number) => ({ type: row.getCell(n).type, value: row.getCell(n).value, numFmt: row.getCell(n).numFmt });
    expect(cell(1)).toMatchObject({ type: ExcelJS.ValueType.String, value: '390001' });
    expect(cell(2)).toMatchObject({ type: ExcelJS.ValueType.Number, value: 1 });
    expect(cell(3)).toMatchObject({ type: ExcelJS.ValueType.String, value: '3900000000000017' }); // ЕНП: 16 digits stay text
    expect(cell(5)).toMatchObject({ type: ExcelJS.ValueType.Date, value: new Date('1948-03-05T00:00:00Z'), numFmt: 'dd.mm.yyyy' });
    expect(cell(8)).toMatchObject({ type: ExcelJS.ValueType.Number, value: 1 });
    expect(cell(10)).toMatchObject({ type: ExcelJS.ValueType.Date, value: new Date('2026-06-15T00:00:00Z'), numFmt: 'dd.mm.yyyy' });
    // A time is a fraction of a day in a time format; exceljs reads it back as a time on Excel's day 0.
    expect(cell(11)).toMatchObject({ type: ExcelJS.ValueType.Date, value: new Date('1899-12-30T09:30:00Z'), numFmt: 'hh:mm' });
    expect(wb.worksheets[0]!.getRow(3).getCell(5).value).toEqual(new Date('1952-02-29T00:00:00Z'));
  });

  it('reads back through our own reader as the texts a person sees', async () => {
    const rows: string[][] = [];
    for await (const r of readXlsxRows(Readable.from(await written(ROWS)))) rows.push(r);
    expect(rows[1]!.slice(0, 10)).toEqual(['390001', '1', '3900000000000017', 'Иванов Иван Иванович', '05.03.1948', 'М', '+79001234567', '1', '39002', '15.06.2026']);
    expect(rows[1]![11]).toBe('запланирован');
    expect(rows[2]!.slice(9, 12)).toEqual(['', '', NO_ENTRY]);
  });
});
