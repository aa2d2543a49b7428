import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { cellText, numberText, readXlsxRows } from '../../../shared/files/xlsx.js';

const dir = mkdtempSync(join(tmpdir(), 'xlsx-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const BIRTH = new Date(Date.UTC(1985, 2, 15));

/** A workbook shaped like a TFOMS export saved from Excel: shared strings, styles, odd cells. */
async function sampleWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Выгрузка');
  ws.addRow(['ENP', 'FAM', 'DR', 'NUM', 'FORMULA', 'DATE_FORMULA']);
  const row = ws.addRow([
    '7756410834000012',
    { richText: [{ text: 'Ива' }, { text: 'нов', font: { bold: true } }] },
    BIRTH,
    9123456789012345, // beyond 2^53: Excel could not have kept it either
    { formula: 'A1', result: 'ENP' },
    { formula: 'C2+1', result: new Date(Date.UTC(1985, 2, 16)) },
  ]);
  row.getCell(3).numFmt = 'dd.mm.yyyy';
  row.getCell(6).numFmt = 'dd.mm.yyyy';
  ws.getCell('C4').value = 'только C'; // row 3 is not stored at all
  ws.getRow(5).values = [42, 0.1 + 0.2, 1e-7, true, null, 'конец'];
  wb.addWorksheet('Второй').addRow(['не читается']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const EXPECTED = [
  ['ENP', 'FAM', 'DR', 'NUM', 'FORMULA', 'DATE_FORMULA'],
  ['7756410834000012', 'Иванов', '15.03.1985', String(9123456789012345n - 1n), 'ENP', '16.03.1985'],
  [],
  ['', '', 'только C'],
  ['42', '0.3', '0.0000001', 'ИСТИНА', '', 'конец'],
];

async function rowsOf(input: Readable | string): Promise<string[][]> {
  const rows: string[][] = [];
  for await (const row of readXlsxRows(input)) rows.push(row);
  return rows;
}

/** The same package with the zip entries in another order. */
async function reordered(buffer: Buffer, first: (name: string) => boolean): Promise<Buffer> {
  const source = await JSZip.loadAsync(buffer);
  const names = Object.keys(source.files).filter((n) => !source.files[n]!.dir);
  const target = new JSZip();
  for (const name of [...names.filter(first), ...names.filter((n) => !first(n))]) {
    target.file(name, await source.files[name]!.async('uint8array'));
  }
  return target.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

describe('readXlsxRows', () => {
  it('reads the first sheet as displayed text, aligned by column, with physical row numbers', async () => {
    const path = join(dir, 'sample.xlsx');
    writeFileSync(path, await sampleWorkbook());
    expect(await rowsOf(path)).toEqual(EXPECTED);
  });

  it('gives the same rows whatever the zip entry order (worksheet before or after sharedStrings/styles)', async () => {
    const original = await sampleWorkbook();
    const names = Object.keys((await JSZip.loadAsync(original)).files);
    // exceljs, like Excel and LibreOffice, writes the worksheet before sharedStrings and styles.
    expect(names.indexOf('xl/worksheets/sheet1.xml')).toBeLessThan(names.indexOf('xl/sharedStrings.xml'));
    const metadataFirst = await reordered(original, (n) => !n.startsWith('xl/worksheets/'));
    const metadataNames = Object.keys((await JSZip.loadAsync(metadataFirst)).files);
    expect(metadataNames.indexOf('xl/worksheets/sheet1.xml')).toBeGreaterThan(metadataNames.indexOf('xl/sharedStrings.xml'));
    const sheetFirst = await reordered(original, (n) => n.startsWith('xl/worksheets/'));
    expect(await rowsOf(Readable.from([original]))).toEqual(EXPECTED);
    expect(await rowsOf(Readable.from([metadataFirst]))).toEqual(EXPECTED);
    expect(await rowsOf(Readable.from([sheetFirst]))).toEqual(EXPECTED);
  });

  it('can stop after the header row', async () => {
    const path = join(dir, 'header.xlsx');
    writeFileSync(path, await sampleWorkbook());
    for await (const row of readXlsxRows(path)) {
      expect(row[0]).toBe('ENP');
      break;
    }
  });

  it('fails on something that is not an XLSX', async () => {
    await expect(rowsOf(Readable.from([Buffer.from('ENP;FAM\n1;2\n')]))).rejects.toThrow();
  });

  /** Settles within `ms`, or the test fails saying the read hung. */
  const settled = <T>(ms: number, work: Promise<T>) =>
    Promise.race([work.then((value) => ({ value }), (error: Error) => ({ error })), new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), ms).unref())]);
  const bytesOf = (b: Buffer) => Readable.from([b], { objectMode: false });

  // Found by test/unit/files/xlsx.property.test.ts (a flipped byte): unzipper failed mid-entry
  // («invalid distance too far back») while exceljs waited for that entry to end — forever.
  it('fails, not waits, when a zip entry cannot be inflated', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Лист1').addRow(['ENP', 'FAM']);
    const broken = Buffer.from(await wb.xlsx.writeBuffer());
    // The local header of xl/workbook.xml: one more byte of «extra field» shifts its deflate data by one.
    const at = broken.indexOf('xl/workbook.xml') - 30;
    expect(broken.readUInt32LE(at)).toBe(0x04034b50);
    broken[at + 28]! ^= 1;
    const outcome = await settled(3000, rowsOf(bytesOf(broken)));
    expect(outcome).not.toBe('hung');
    expect(outcome).toHaveProperty('error');
  });

  // Found by the same property (a row renumbered): every missing row before it came out as [],
  // a million of them for a row numbered past Excel's last one.
  it('fails on a row numbered past Excel’s last row (1 048 576) instead of yielding a million empty rows', async () => {
    const zip = await JSZip.loadAsync(await sampleWorkbook());
    const sheet = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    zip.file('xl/worksheets/sheet1.xml', sheet.replace('<row r="5"', '<row r="1048577"'));
    const outcome = await settled(3000, rowsOf(bytesOf(await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }))));
    expect(outcome).not.toBe('hung');
    expect(outcome).toHaveProperty('error');
  });
});

describe('cell rendering', () => {
  it('never writes numbers with an exponent', () => {
    expect(numberText(7756410834000012)).toBe('7756410834000012');
    expect(numberText(1e21)).toBe('1000000000000000000000');
    expect(numberText(1.5e-9)).toBe('0.0000000015');
    expect(numberText(-3.25)).toBe('-3.25');
  });

  it('renders the value kinds exceljs produces', () => {
    expect(cellText(null)).toBe('');
    expect(cellText(false)).toBe('ЛОЖЬ');
    expect(cellText({ error: '#N/A' } as ExcelJS.CellErrorValue)).toBe('#N/A');
    expect(cellText({ text: 'ссылка', hyperlink: 'https://example.org' })).toBe('ссылка');
    expect(cellText({ formula: 'B1', result: 31121 } as ExcelJS.CellFormulaValue, 'DD.MM.YYYY')).toBe('15.03.1985');
    expect(cellText(31120, '0.00')).toBe('31120');
  });
});

describe('zonedStamp', () => {
  it('states an instant on the zone’s clock and names the zone with its offset that day', async () => {
    const { zonedStamp } = await import('../../../shared/files/xlsx-write.js');
    expect(zonedStamp('2026-12-03T18:30:00.000Z', 'Europe/Kaliningrad')).toBe('03.12.2026 20:30 (Europe/Kaliningrad, UTC+2)');
    expect(zonedStamp('2026-12-03T18:30:00.000Z', 'Asia/Kamchatka')).toBe('04.12.2026 06:30 (Asia/Kamchatka, UTC+12)');
    expect(zonedStamp(new Date('2026-07-01T00:00:00.000Z'), 'UTC')).toBe('01.07.2026 00:00 (UTC)');
  });
});
