import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAbonentXlsx, describeChanges, failures, type AbonentExpectation, type XlsxFinding } from '../../infra/local/xlsx-check.js';
import { readRawWorkbook } from '../../infra/local/xlsx-raw.js';
import { COMMENT_MAX, DATA_SHEET, HEADERS, lockedTexts, MARKS, META_SHEET, type AbonentMeta, type AbonentRow } from '../../shared/abonent/layout.js';
import { metaRows } from '../../shared/abonent/workbook.js';
import { checkBuffer, editWorkbook, fillAll, formWorkbook, sampleRows, WINDOW } from '../support/abonent.js';
import { convertWithLibreOffice, LibreOfficeMissingError, officeSavedCopy, requireSoffice } from '../support/libreoffice.js';

/**
 * The «абонентский пункт» our writer forms, opened and saved by a real office suite (LibreOffice
 * headless), still carries its protection, validations, locks and hidden service sheet; and the
 * check that says so does catch a file without them. Needs soffice: fails (never skips) without.
 */
const ROWS = 30;
let dir: string;
let good: { source: string; copy: string; expected: AbonentExpectation };
let bad: { copy: string };
let goodFindings: XlsxFinding[];
let badFindings: XlsxFinding[];

beforeAll(async () => {
  requireSoffice(); // throws «soffice not found … apt-get install … libreoffice-calc-nogui»
  dir = mkdtempSync(join(tmpdir(), 'abonent-lo-'));
  const rows = sampleRows(ROWS);
  const formed = await formWorkbook(rows);
  const source = join(dir, 'good.xlsx');
  writeFileSync(source, formed.buffer);
  const badSource = join(dir, 'bad.xlsx');
  writeFileSync(badSource, await unsafeVariant(rows, formed.meta));
  // Both at once: each conversion has its own profile, so they must not clash.
  const [copy, badCopy] = await Promise.all([convertWithLibreOffice(source, join(dir, 'lo-good')), convertWithLibreOffice(badSource, join(dir, 'lo-bad'))]);
  good = { source, copy, expected: { meta: formed.meta, locked: formed.originals } };
  bad = { copy: badCopy };
  [goodFindings, badFindings] = await Promise.all([checkAbonentXlsx(copy, good.expected), checkAbonentXlsx(badCopy, good.expected)]);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const statusOf = (findings: XlsxFinding[], id: string) => findings.find((f) => f.id === id)?.status;

describe('abonent XLSX saved by LibreOffice', () => {
  it('is really LibreOffice\'s file, not a copy of ours', () => {
    const workbookXml = readRawWorkbook(readFileSync(good.copy)).zip.read('xl/workbook.xml')!.toString();
    expect(workbookXml).toContain('appName="Calc"');
    expect(readFileSync(good.copy).equals(readFileSync(good.source))).toBe(false);
  });

  it('passes every check', () => {
    expect(failures(goodFindings)).toEqual([]);
    for (const id of ['sheets.data', 'sheets.meta-hidden', 'protection.data', 'protection.meta', 'validation.I', 'validation.J', 'validation.K', 'validation.L', 'lock.locked', 'lock.fill', 'meta.values', 'data.header', 'data.locked-values', 'data.digest']) {
      expect(statusOf(goodFindings, id), id).toBe('ok');
    }
  });

  it('keeps the data sheet protected and the service sheet hidden (raw XML and exceljs)', async () => {
    const raw = readRawWorkbook(readFileSync(good.copy));
    expect(raw.sheets.map((s) => [s.name, s.state])).toEqual([[DATA_SHEET, 'visible'], [META_SHEET, 'hidden']]);
    expect(raw.sheets[0]!.protection?.sheet).toMatch(/^(1|true)$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(good.copy);
    expect(workbook.getWorksheet(META_SHEET)!.state).toBe('hidden');
  });

  it('keeps B2 locked and I2–L2 unlocked; empty fill cells get it from the column style', () => {
    const raw = readRawWorkbook(readFileSync(good.copy));
    const sheet = raw.sheets[0]!;
    expect(raw.lockedAt(sheet, 'B2')).toBe(true);
    expect(raw.lockedAt(sheet, `A${ROWS + 1}`)).toBe(true);
    for (const col of ['I', 'J', 'K', 'L']) {
      expect(raw.lockedAt(sheet, `${col}2`), col).toBe(false);
      expect(raw.lockedAt(sheet, `${col}${ROWS + 1}`), col).toBe(false);
      expect(raw.styleOf(sheet, `${col}2`).from).toBe('column');
    }
    expect(raw.lockedAt(sheet, 'I1')).toBe(true);
  });

  it('keeps validations on I–L of every data row, read with exceljs', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(good.copy);
    const sheet = workbook.getWorksheet(DATA_SHEET)!;
    for (const r of [2, 17, ROWS + 1]) {
      const date = sheet.getCell(`I${r}`).dataValidation;
      expect(date.type).toBe('date');
      expect(date.formulae.map((d: Date) => d.toISOString().slice(0, 10))).toEqual([WINDOW.from, WINDOW.to]);
      expect(sheet.getCell(`J${r}`).dataValidation.type).toBe('time');
      const list = sheet.getCell(`K${r}`).dataValidation;
      expect(list.type).toBe('list');
      expect(String(list.formulae[0])).toBe(`"${MARKS.join(',')}"`);
      const comment = sheet.getCell(`L${r}`).dataValidation;
      expect([comment.type, comment.operator, Number(comment.formulae[0])]).toEqual(['textLength', 'lessThanOrEqual', COMMENT_MAX]);
    }
    expect(sheet.getCell(`I${ROWS + 2}`).dataValidation).toBeUndefined();
  });

  it('keeps the service sheet values and the locked values as formed', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(good.copy);
    const hidden: string[][] = [];
    workbook.getWorksheet(META_SHEET)!.eachRow((row) => hidden.push([String(row.getCell(1).value), String(row.getCell(2).value)]));
    expect(hidden).toEqual(metaRows(good.expected.meta));
    const sheet = workbook.getWorksheet(DATA_SHEET)!;
    expect(HEADERS.map((_, c) => sheet.getRow(1).getCell(c + 1).value)).toEqual([...HEADERS]);
    // № and group stay numbers; ЕНП, dates of birth, phones stay text; empty phones vanish.
    expect(sheet.getCell('A2').value).toBe(1);
    expect(sheet.getCell('B2').value).toBe(good.expected.locked[0]![1]);
    expect(sheet.getCell('F2').value).toBeNull();
    expect(good.expected.locked[0]![5]).toBe('');
  });

  it('describes what LibreOffice changed (zip order, shared strings, dropped empty cells)', () => {
    const notes = describeChanges(readFileSync(good.source), readFileSync(good.copy));
    expect(notes.every((n) => n.status === 'note')).toBe(true);
    expect(notes.find((n) => n.id === 'changes.zip-order')!.detail).toContain('worksheets before sharedStrings');
    expect(notes.find((n) => n.id === 'changes.cells')!.detail).toContain('empty text cells are dropped');
  });
});

describe('the check on a file without the safeguards (also saved by LibreOffice)', () => {
  it('reports exactly the missing protection, validations, locks, hidden state and the changed cell', () => {
    const failed = failures(badFindings).map((f) => f.id).sort();
    expect(failed).toEqual(['data.digest', 'data.locked-values', 'lock.fill', 'lock.locked', 'protection.data', 'sheets.meta-hidden', 'validation.I', 'validation.K'].sort());
    // exceljs gives the header cells the column style: I1 is unlocked there, the header may not be.
    expect(badFindings.find((f) => f.id === 'lock.locked')!.detail).toContain('I1');
    expect(badFindings.find((f) => f.id === 'validation.K')!.detail).toContain(`${ROWS} из ${ROWS}`);
    expect(badFindings.find((f) => f.id === 'validation.I')!.detail).toContain('2021-11-30');
    expect(badFindings.find((f) => f.id === 'lock.fill')!.detail).toContain('J2');
    // Addresses only — the changed ЕНП itself must not appear in the report.
    const changed = badFindings.find((f) => f.id === 'data.locked-values')!.detail;
    expect(changed).toContain('B3');
    expect(changed).not.toContain(good.expected.locked[1]![1]);
  });

  it('fails the same on our own unsafe source (the check is not LibreOffice-specific)', async () => {
    const source = join(dir, 'bad.xlsx');
    const failed = failures(await checkAbonentXlsx(source, good.expected)).map((f) => f.id);
    expect(failed).toEqual(expect.arrayContaining(['protection.data', 'validation.K', 'lock.fill', 'sheets.meta-hidden']));
  });
});

describe('convertWithLibreOffice', () => {
  it('names the apt-get line when soffice is missing', async () => {
    const saved = process.env.SOFFICE;
    process.env.SOFFICE = join(dir, 'no-soffice-here');
    try {
      await expect(convertWithLibreOffice(good.source, join(dir, 'never2'))).rejects.toThrow(LibreOfficeMissingError);
      await expect(convertWithLibreOffice(good.source, join(dir, 'never2'))).rejects.toThrow(/apt-get install -y --no-install-recommends libreoffice-calc-nogui/);
    } finally {
      if (saved === undefined) delete process.env.SOFFICE;
      else process.env.SOFFICE = saved;
    }
  });
});

/**
 * The same content written with exceljs directly but unsafe: no protection, no list on K, a date
 * window ending too early, J locked, I1–L1 unlocked (exceljs copies the column style into the
 * header), the service sheet visible, and B3 (an ЕНП) altered.
 */
async function unsafeVariant(rows: AbonentRow[], meta: AbonentMeta): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(DATA_SHEET);
  sheet.columns = [
    ...Array.from({ length: 8 }, () => ({ width: 12, style: { numFmt: '@' } })),
    { width: 16, style: { numFmt: 'dd.mm.yyyy', protection: { locked: false } } },
    { width: 9, style: { numFmt: 'hh:mm' } },
    { width: 16, style: { protection: { locked: false } } },
    { width: 40, style: { numFmt: '@', protection: { locked: false } } },
  ];
  sheet.addRow([...HEADERS]);
  rows.forEach((row, i) => {
    const texts = lockedTexts(row);
    if (i === 1) texts[1] = texts[1]!.slice(0, -1) + String((Number(texts[1]!.slice(-1)) + 1) % 10);
    sheet.addRow([row.n, ...texts.slice(1, 6), row.group, row.smo]);
  });
  for (let r = 2; r <= rows.length + 1; r++) {
    sheet.getCell(`I${r}`).dataValidation = { type: 'date', operator: 'between', allowBlank: true, showErrorMessage: true, formulae: [new Date('2021-06-22T00:00:00Z'), new Date('2021-11-30T00:00:00Z')] };
    sheet.getCell(`J${r}`).dataValidation = { type: 'time', operator: 'between', allowBlank: true, showErrorMessage: true, formulae: ['0', '0.999305555555556'] } as unknown as ExcelJS.DataValidation; // exceljs' types lack 'time'
    sheet.getCell(`L${r}`).dataValidation = { type: 'textLength', operator: 'lessThanOrEqual', allowBlank: true, showErrorMessage: true, formulae: [String(COMMENT_MAX)] };
  }
  const hidden = workbook.addWorksheet(META_SHEET);
  for (const pair of metaRows(meta)) hidden.addRow(pair);
  await hidden.protect('', {});
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('a return filled and saved by an office suite', () => {
  it('is accepted row by row, with the dates, times and отметки the clerk entered', async () => {
    const rows = sampleRows(12);
    const formed = await formWorkbook(rows);
    const filled = await editWorkbook(formed.buffer, (sheet) => fillAll(sheet, rows.length));
    const saved = await officeSavedCopy(filled, 'filled.xlsx');
    const { check, entries } = await checkBuffer(saved, formed.meta, formed.originals);
    expect(check).toMatchObject({ fileRejected: false, rows: 12, acceptedRows: 12, rejectedRows: 0 });
    expect(check.issues).toEqual([]);
    // Same values as the exceljs-saved original.
    expect(entries).toEqual((await checkBuffer(filled, formed.meta, formed.originals)).entries);
    expect(entries[0]).toMatchObject({ n: 1, mark: 'запланирован', date: '2021-07-03', time: '10:00' });
    expect(entries[3]).toMatchObject({ n: 4, mark: 'отказ' });
  });

  it('is rejected when a locked cell was changed in the office suite', async () => {
    const rows = sampleRows(6);
    const formed = await formWorkbook(rows);
    const tampered = await editWorkbook(formed.buffer, (sheet) => {
      fillAll(sheet, rows.length);
      sheet.getCell(4, 3).value = 'Подменённое ФИО';
    });
    const { check } = await checkBuffer(await officeSavedCopy(tampered, 'tampered.xlsx'), formed.meta, formed.originals);
    expect(check.fileRejected).toBe(true);
    expect(check.issues.map((i) => [i.line, i.code])).toEqual([[0, 'F011'], [4, 'R024']]);
  });
});
