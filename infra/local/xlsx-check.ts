import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import {
  COMMENT_MAX,
  DATA_SHEET,
  FILL_FIRST_COLUMN,
  HEADERS,
  LOCKED_COLUMNS,
  LockedDigest,
  MARKS,
  META_LABELS,
  META_SHEET,
  type AbonentMeta,
} from '../../shared/abonent/layout.js';
import { metaRows } from '../../shared/abonent/workbook.js';
import type { BatchId } from '../../shared/domain/records.js';
import { cellText } from '../../shared/files/xlsx.js';
import { elements, readRawWorkbook, xmlTrue, type RawSheet, type RawWorkbook, type StyleSource } from './xlsx-raw.js';

/**
 * Checks that an «абонентский пункт» file — typically the copy an office suite saved — still has
 * what makes it safe to hand to an MO: protected data sheet, validations on every fill cell,
 * locked person columns and unlocked fill columns, the hidden service sheet with the file's
 * identity, and the locked values as formed. Values and validations are read with exceljs's
 * in-memory reader (what our code uses); protection and `locked` flags from the raw XML, because
 * exceljs 4.4 misreads LibreOffice's `true`/`false` booleans there (reported as a note).
 * Findings name cells by address only: the file holds personal data.
 */

export type FindingStatus = 'ok' | 'fail' | 'note';

export interface XlsxFinding {
  id: string;
  status: FindingStatus;
  /** «русский / English» */
  title: string;
  detail: string;
}

/** What the file must hold: the writer's meta and the locked texts of each row as formed. */
export interface AbonentExpectation {
  meta: AbonentMeta;
  /** Per data row, columns A–H as text (what `lockedTexts` gives). */
  locked: string[][];
}

const FILL = HEADERS.slice(LOCKED_COLUMNS.length).map((_, i) => letter(FILL_FIRST_COLUMN + i));
const [COL_DATE, COL_TIME, COL_MARK, COL_COMMENT] = FILL as [string, string, string, string];
const MAX_ADDRESSES = 5;

export const failures = (findings: readonly XlsxFinding[]): XlsxFinding[] => findings.filter((f) => f.status === 'fail');

export async function checkAbonentXlsx(path: string, expected: AbonentExpectation): Promise<XlsxFinding[]> {
  const findings: XlsxFinding[] = [];
  const add = (id: string, ok: boolean, title: string, detail: string) => findings.push({ id, status: ok ? 'ok' : 'fail', title, detail });
  const note = (id: string, title: string, detail: string) => findings.push({ id, status: 'note', title, detail });

  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const raw = readRawWorkbook(await readFile(path));
  const data = workbook.getWorksheet(DATA_SHEET);
  const meta = workbook.getWorksheet(META_SHEET);
  const rawData = raw.sheets.find((s) => s.name === DATA_SHEET);
  const rawMeta = raw.sheets.find((s) => s.name === META_SHEET);
  const rows = expected.locked.length;

  add('sheets.data', !!data && !!rawData && workbook.worksheets[0]?.name === DATA_SHEET && data.state === 'visible',
    'Лист данных первый и видим / data sheet first and visible',
    `листы / sheets: ${workbook.worksheets.map((s) => `«${s.name}» (${s.state})`).join(', ')}`);
  add('sheets.meta-hidden', !!meta && meta.state !== 'visible' && !!rawMeta && rawMeta.state !== 'visible',
    'Служебный лист скрыт / service sheet hidden', meta ? `state=${meta.state}` : 'листа нет / sheet missing');
  if (!data || !rawData) return findings;

  // Protection: raw XML decides; exceljs's view is reported when it differs.
  add('protection.data', xmlTrue(rawData.protection?.sheet), 'Лист данных защищён / data sheet protected', protectionText(rawData));
  if (rawMeta) add('protection.meta', xmlTrue(rawMeta.protection?.sheet), 'Служебный лист защищён / service sheet protected', protectionText(rawMeta));
  const exceljsProtected = (data as unknown as { sheetProtection?: { sheet?: boolean } }).sheetProtection?.sheet === true;
  if (exceljsProtected !== xmlTrue(rawData.protection?.sheet)) {
    note('exceljs.protection', 'exceljs видит защиту иначе / exceljs misreads protection',
      `exceljs 4.4: sheetProtection.sheet=${String(exceljsProtected)}, в XML / in XML: sheet="${rawData.protection?.sheet ?? ''}" (exceljs понимает только "1"/"0" / reads only "1"/"0")`);
  }

  checkValidations(data, rows, expected.meta, add);
  checkLocks(raw, rawData, data, rows, add, note);
  if (meta) checkMeta(meta, expected.meta, add);
  checkLockedValues(data, expected, add);
  return findings;
}

type Add = (id: string, ok: boolean, title: string, detail: string) => void;
type Note = (id: string, title: string, detail: string) => void;

function checkValidations(sheet: ExcelJS.Worksheet, rows: number, meta: AbonentMeta, add: Add): void {
  const rules: Array<[string, string, (v: ExcelJS.DataValidation) => string | undefined]> = [
    [COL_DATE, `дата в периоде / date between ${meta.window.from} and ${meta.window.to}`, (v) => {
      if (v.type !== 'date') return `type=${v.type}`;
      if ((v.operator ?? 'between') !== 'between') return `operator=${v.operator}`;
      const [from, to] = (v.formulae ?? []).map(formulaDate);
      return from === meta.window.from && to === meta.window.to ? undefined : `границы / bounds ${from}..${to}`;
    }],
    [COL_TIME, 'время суток / time of day', (v) => {
      // exceljs's typings lack 'time', its reader does not.
      if ((v.type as string) !== 'time') return `type=${v.type}`;
      const [low, high] = (v.formulae ?? []).map(formulaNumber);
      return low !== undefined && high !== undefined && low <= 0 && high >= 0.999 ? undefined : `границы / bounds ${low}..${high}`;
    }],
    [COL_MARK, `список / list: ${MARKS.join(', ')}`, (v) => {
      if (v.type !== 'list') return `type=${v.type}`;
      const items = listItems(v.formulae?.[0]);
      const same = items.length === MARKS.length && MARKS.every((m) => items.includes(m));
      return same ? undefined : `список / list: ${items.join(', ')}`;
    }],
    [COL_COMMENT, `длина текста ≤ ${COMMENT_MAX} / textLength ≤ ${COMMENT_MAX}`, (v) => {
      if (v.type !== 'textLength') return `type=${v.type}`;
      const max = v.operator === 'lessThanOrEqual' ? formulaNumber(v.formulae?.[0]) : v.operator === 'between' ? formulaNumber(v.formulae?.[1]) : undefined;
      return max === COMMENT_MAX ? undefined : `operator=${v.operator} ${String(v.formulae)}`;
    }],
  ];
  for (const [col, rule, wrong] of rules) {
    const bad: string[] = [];
    let reason = '';
    for (let r = 2; r <= rows + 1; r++) {
      const address = `${col}${r}`;
      const v = sheet.getCell(address).dataValidation as ExcelJS.DataValidation | undefined;
      const why = !v ? 'нет проверки / no validation' : (wrong(v) ?? common(v));
      if (why) {
        if (!reason) reason = why;
        bad.push(address);
      }
    }
    add(`validation.${col}`, rows > 0 && bad.length === 0, `Проверка данных в ${col} (${rule}) / data validation on ${col}`,
      bad.length ? `${bad.length} из ${rows} ячеек без верной проверки / cells wrong: ${addresses(bad)} — ${reason}` : `${col}2:${col}${rows + 1}: все ${rows}`);
  }
}

/** An invalid entry must be refused (stop), and an empty cell allowed (a mark alone is fine). */
function common(v: ExcelJS.DataValidation): string | undefined {
  if (!v.showErrorMessage) return 'showErrorMessage выключен / off';
  if (v.errorStyle && v.errorStyle !== 'stop') return `errorStyle=${v.errorStyle}`;
  if (!v.allowBlank) return 'allowBlank выключен / off';
  return undefined;
}

function checkLocks(raw: RawWorkbook, rawSheet: RawSheet, sheet: ExcelJS.Worksheet, rows: number, add: Add, note: Note): void {
  const lockedWrong: string[] = [];
  const fillWrong: string[] = [];
  const sources = new Map<StyleSource, number>();
  for (let r = 1; r <= rows + 1; r++) {
    for (let c = 1; c <= HEADERS.length; c++) {
      const address = `${letter(c)}${r}`;
      const locked = raw.lockedAt(rawSheet, address);
      // The header stays locked over the fill columns too (renaming a column breaks the return).
      const shouldLock = r === 1 || c < FILL_FIRST_COLUMN;
      if (locked !== shouldLock) (shouldLock ? lockedWrong : fillWrong).push(address);
      if (r > 1 && !shouldLock) {
        const from = raw.styleOf(rawSheet, address).from;
        sources.set(from, (sources.get(from) ?? 0) + 1);
      }
    }
  }
  add('lock.locked', lockedWrong.length === 0, 'Заголовок и столбцы A–H заблокированы / header and A–H locked',
    lockedWrong.length ? `незаблокированы / unlocked: ${addresses(lockedWrong)} (${lockedWrong.length})` : `B2 locked, ${rows} строк / rows`);
  add('lock.fill', rows > 0 && fillWrong.length === 0, `Столбцы ${FILL.join(', ')} не заблокированы / fill columns unlocked`,
    fillWrong.length ? `заблокированы / locked: ${addresses(fillWrong)} (${fillWrong.length})` : `${COL_DATE}2 unlocked, ${rows} строк / rows`);
  note('style.fill-source', 'Откуда стиль пустых ячеек ввода / where fill cells take their style',
    [...sources].map(([from, n]) => `${from === 'column' ? '<col style>' : from === 'cell' ? 'cell s=' : from}: ${n}`).join(', '));
  const cell = sheet.getCell(`${COL_DATE}2`);
  const exceljsLocked = cell.protection?.locked !== false;
  if (exceljsLocked !== raw.lockedAt(rawSheet, `${COL_DATE}2`)) {
    note('exceljs.locked', `exceljs видит ${COL_DATE}2 иначе / exceljs misreads ${COL_DATE}2`,
      `exceljs 4.4: locked=${String(exceljsLocked)}, в XML / in XML: locked=${String(raw.lockedAt(rawSheet, `${COL_DATE}2`))} (exceljs понимает только locked="0" / reads only "0")`);
  }
}

function checkMeta(sheet: ExcelJS.Worksheet, meta: AbonentMeta, add: Add): void {
  const expected = metaRows(meta);
  const actual: Array<[string, string]> = [];
  sheet.eachRow((row) => actual.push([text(row.getCell(1)), text(row.getCell(2))]));
  const wrong = expected.filter(([label, value], i) => actual[i]?.[0] !== label || actual[i]?.[1] !== value).map(([label]) => label);
  const ok = wrong.length === 0 && actual.length === expected.length;
  add('meta.values', ok, 'Служебный лист совпадает с паспортом файла / service sheet equals the writer\'s meta',
    ok ? `${expected.length} строк / rows` : `расходятся / differ: ${wrong.join('; ') || `строк ${actual.length} вместо ${expected.length}`}`);
}

function checkLockedValues(sheet: ExcelJS.Worksheet, expected: AbonentExpectation, add: Add): void {
  const header = HEADERS.map((_, i) => text(sheet.getRow(1).getCell(i + 1)));
  add('data.header', header.every((h, i) => h === HEADERS[i]), 'Заголовок не изменён / header unchanged',
    header.every((h, i) => h === HEADERS[i]) ? `${HEADERS.length} столбцов / columns` : `получено / got: ${header.join(' | ')}`);

  const changed: string[] = [];
  const digest = new LockedDigest();
  const rows = expected.locked.length;
  for (let r = 0; r < rows; r++) {
    const row = sheet.getRow(r + 2);
    const texts = LOCKED_COLUMNS.map((_, c) => text(row.getCell(c + 1)));
    digest.add(texts);
    texts.forEach((t, c) => {
      if (t !== expected.locked[r]![c]) changed.push(`${letter(c + 1)}${r + 2}`);
    });
  }
  const extra: number[] = [];
  sheet.eachRow((row, number) => {
    if (number > rows + 1 && LOCKED_COLUMNS.some((_, c) => text(row.getCell(c + 1)) !== '')) extra.push(number);
  });
  add('data.locked-values', changed.length === 0 && extra.length === 0, 'Защищённые значения не изменены / locked values unchanged',
    changed.length || extra.length
      ? `изменены / changed: ${addresses(changed)} (${changed.length}); лишние строки / extra rows: ${extra.slice(0, MAX_ADDRESSES).join(', ') || '—'}`
      : `${rows} строк × ${LOCKED_COLUMNS.length} столбцов / rows × columns`);
  const hash = digest.hex();
  add('data.digest', hash === expected.meta.hash, 'Контрольная сумма A–H совпадает / digest of A–H matches',
    hash === expected.meta.hash ? hash : `${hash} ≠ ${expected.meta.hash}`);
}

/**
 * The expectation of a file our writer produced, read back from that file itself (hidden sheet for
 * the meta, A–H for the locked texts): what a copy saved by an office suite is compared with.
 */
export async function expectationFromSource(path: string): Promise<AbonentExpectation> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const data = workbook.getWorksheet(DATA_SHEET);
  const hidden = workbook.getWorksheet(META_SHEET);
  if (!data || !hidden) throw new Error(`в файле нет листов «${DATA_SHEET}» и «${META_SHEET}» / not an abonent file: ${path}`);
  const values = new Map<string, string>();
  hidden.eachRow((row) => values.set(text(row.getCell(1)), text(row.getCell(2))));
  const get = (label: string): string => values.get(label) ?? '';
  const [from = '', to = ''] = get(META_LABELS.window).split('/');
  const meta: AbonentMeta = {
    fileId: get(META_LABELS.fileId),
    mo: get(META_LABELS.mo),
    region: get(META_LABELS.region),
    campaignId: get(META_LABELS.campaignId),
    batch: get(META_LABELS.batch) as BatchId,
    rows: Number(get(META_LABELS.rows)),
    hash: get(META_LABELS.hash),
    window: { from, to },
    formedAt: get(META_LABELS.formedAt),
  };
  const locked: string[][] = [];
  for (let r = 2; r <= meta.rows + 1; r++) {
    const row = data.getRow(r);
    locked.push(LOCKED_COLUMNS.map((_, c) => text(row.getCell(c + 1))));
  }
  return { meta, locked };
}

/**
 * Notes on what an office suite changed between our file and its saved copy, for readers of
 * returned files (zip order, shared strings, boolean spelling, number formats, dropped cells,
 * dropped autofilter or frozen pane). Descriptive only: never a failure.
 */
export function describeChanges(source: Buffer, copy: Buffer): XlsxFinding[] {
  const before = readRawWorkbook(source);
  const after = readRawWorkbook(copy);
  const notes: XlsxFinding[] = [];
  const note = (id: string, title: string, detail: string) => notes.push({ id, status: 'note', title, detail });

  const order = after.zip.names;
  const firstSheet = order.findIndex((n) => n.startsWith('xl/worksheets/'));
  const strings = order.indexOf('xl/sharedStrings.xml');
  note('changes.zip-order', 'Порядок записей zip / zip entry order', `${order.join(', ')}${strings > firstSheet && firstSheet >= 0 ? ' — листы раньше sharedStrings / worksheets before sharedStrings' : ''}`);

  const d0 = before.sheets.find((s) => s.name === DATA_SHEET);
  const d1 = after.sheets.find((s) => s.name === DATA_SHEET);
  if (!d0 || !d1) return notes;
  const cells0 = elements(d0.xml, 'c');
  const cells1 = elements(d1.xml, 'c');
  const types = (cells: typeof cells0) => [...new Set(cells.map((c) => c.attrs.t ?? 'n'))].sort().join(',');
  note('changes.cells', 'Ячейки листа данных / data sheet cells',
    `было / before: ${cells0.length} ячеек, t=${types(cells0)}; стало / after: ${cells1.length}, t=${types(cells1)}` +
    (cells1.length < cells0.length ? ' — пустые текстовые ячейки не сохраняются / empty text cells are dropped' : ''));
  const a2 = cells1.find((c) => c.attrs.r === 'A2');
  if (a2) note('changes.number-column', '№ и группа / № and group', `A2: t="${a2.attrs.t ?? 'n'}", формат / numFmt «${numFmtOf(after, Number(a2.attrs.s ?? 0))}»`);
  const fmts0 = new Set(before.numFmts.values());
  const fmts1 = new Set(after.numFmts.values());
  note('changes.numfmt', 'Коды числовых форматов / number format codes',
    `было / before: ${[...fmts0].join(' | ')}; стало / after: ${[...fmts1].join(' | ')}`);
  const booleans = (d1.xml.match(/="(true|false)"/g) ?? []).length;
  note('changes.booleans', 'Логические атрибуты / boolean attributes', `в листе данных ${booleans} атрибутов "true"/"false" вместо "1"/"0" / xsd:boolean spelled true/false`);
  const hasFilter = (s: RawSheet) => elements(s.xml, 'autoFilter').length > 0;
  if (hasFilter(d0) && !hasFilter(d1)) {
    note('changes.autofilter', 'Автофильтр потерян / autofilter dropped',
      'LibreOffice берёт автофильтр из имени _xlnm._FilterDatabase; без него <autoFilter> отбрасывается / LibreOffice needs the _xlnm._FilterDatabase defined name');
  }
  const frozen = (s: RawSheet) => elements(s.xml, 'pane').some((p) => p.attrs.state === 'frozen');
  if (frozen(d0) && !frozen(d1)) {
    note('changes.frozen', 'Закрепление строки потеряно / frozen pane dropped', 'headless-конвертация не сохраняет вид / headless conversion keeps no view settings');
  }
  return notes;
}

function numFmtOf(raw: RawWorkbook, xf: number): string {
  const styles = raw.zip.read('xl/styles.xml')?.toString('utf8') ?? '';
  const id = Number(elements(elements(styles, 'cellXfs')[0]?.inner ?? '', 'xf')[xf]?.attrs.numFmtId ?? 0);
  return raw.numFmts.get(id) ?? `встроенный / built-in ${id}`;
}

function protectionText(sheet: RawSheet): string {
  if (!sheet.protection) return 'нет <sheetProtection> / none';
  return Object.entries(sheet.protection).map(([k, v]) => `${k}="${v}"`).join(' ');
}

const text = (cell: ExcelJS.Cell): string => cellText(cell.value, cell.numFmt);

function letter(column: number): string {
  let out = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) out = String.fromCharCode(65 + ((n - 1) % 26)) + out;
  return out;
}

function addresses(list: string[]): string {
  return list.slice(0, MAX_ADDRESSES).join(', ') + (list.length > MAX_ADDRESSES ? ', …' : '');
}

/** A date bound as exceljs gives it back: Date, a serial number, or its text. */
function formulaDate(value: unknown): string | undefined {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  const n = formulaNumber(value);
  return n === undefined ? undefined : new Date(Math.round((n - 25569) * 86400000)).toISOString().slice(0, 10);
}

function formulaNumber(value: unknown): number | undefined {
  if (value instanceof Date) return value.getTime() / 86400000 + 25569;
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

/** `"a,b,c"` → [a, b, c] (an inline list; a range reference yields no items). */
function listItems(formula: unknown): string[] {
  if (typeof formula !== 'string' || !/^".*"$/s.test(formula)) return [];
  return formula.slice(1, -1).replace(/""/g, '"').split(',').map((s) => s.trim());
}
