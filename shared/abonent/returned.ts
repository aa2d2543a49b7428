import type ExcelJS from 'exceljs';
import { fileIssue, rowIssue } from '../flk/codes.js';
import type { FlkIssue } from '../flk/types.js';
import { cellText, type SheetRow } from '../files/xlsx.js';
import type { IsoDate } from '../domain/records.js';
import {
  COMMENT_MAX,
  HEADERS,
  LOCKED_COLUMNS,
  LockedDigest,
  MARKS,
  META_LABELS,
  ruDate,
  type AbonentMeta,
  type Mark,
} from './layout.js';

/**
 * Checks a returned «абонентский пункт» (DOMAIN.md §3.5) in one pass over its rows: it must be the file
 * handed to this MO (hidden sheet: id, MO, digest), the locked columns and the set of rows must be
 * those handed out (compared row by row with the copy kept at forming), and every row needs a valid
 * date or отметка. Accepted rows go to `accept` as they are read; whether they count is decided at
 * the end (a file-level error rejects the whole file), so the caller stages them and commits later.
 */

/** What the file is expected to be: the record kept when it was formed. */
export type ReturnExpectation = Pick<AbonentMeta, 'fileId' | 'mo' | 'campaignId' | 'batch' | 'rows' | 'hash' | 'window'>;

/** One accepted row: a registry entry of the campaign (planned date and time, or why not). */
export interface PlanEntry {
  n: number;
  enp: string;
  group: number;
  smo: string;
  mark: Mark;
  date?: IsoDate;
  /** HH:MM */
  time?: string;
  comment?: string;
  /**
   * Who the row named, from its locked cells (unchanged, or the row is refused): the registry then
   * carries the contact data stage 4's lists show, with no read of the person per row.
   */
  card?: { fio: string; dr?: IsoDate; phone?: string };
}

export interface ReturnCheck {
  /** File-level findings first, then row findings in row order. */
  issues: FlkIssue[];
  /** true when nothing may be loaded (wrong file, changed locked data, no usable structure). */
  fileRejected: boolean;
  rows: number;
  acceptedRows: number;
  rejectedRows: number;
}

const MARK_BY_KEY = new Map<string, Mark>(MARKS.map((m) => [m.toLowerCase(), m]));
const DATE_RU = /^(\d{2})\.(\d{2})\.(\d{4})$/;
const TIME = /^(\d{1,2}):(\d{2})(?::\d{2})?$/;
const [F_DATE, F_TIME, F_MARK] = HEADERS.slice(LOCKED_COLUMNS.length);
const LOCKED_COUNT = LOCKED_COLUMNS.length;

type Value = ExcelJS.Cell['value'];

export async function checkReturnedWorkbook(
  rows: AsyncIterable<SheetRow>,
  expected: ReturnExpectation,
  /** The locked texts of the rows as handed out, in order. */
  originals: AsyncIterator<string[]>,
  accept: (entry: PlanEntry) => Promise<void> | void,
): Promise<ReturnCheck> {
  const rowIssues: FlkIssue[] = [];
  const digest = new LockedDigest();
  const meta = new Map<string, string>();
  const kinds = new Map<number, 'data' | 'meta' | 'other'>();
  let dataRows = 0;
  let accepted = 0;
  let changedCells = 0;
  let addedRows = 0;
  let removedRows = 0;

  for await (const row of rows) {
    let kind = kinds.get(row.sheet);
    if (!kind) {
      kind = classify(row);
      kinds.set(row.sheet, kind);
      if (kind === 'data') continue; // the header row
    }
    if (kind === 'meta') {
      const [label, value] = row.cells.map((c) => cellText(c.value, c.numFmt).trim());
      if (label) meta.set(label, value ?? '');
      continue;
    }
    if (kind !== 'data') continue;
    const texts = row.cells.map((c) => cellText(c.value, c.numFmt).trim());
    if (texts.every((t) => !t)) continue;
    dataRows++;
    const locked = Array.from({ length: LOCKED_COUNT }, (_, i) => texts[i] ?? '');
    digest.add(locked);
    const original = await originals.next();
    if (original.done) {
      addedRows++;
      rowIssues.push(rowIssue('R025', row.number, HEADERS[1]!, locked[1]!));
      continue;
    }
    let rowChanged = false;
    for (let i = 0; i < LOCKED_COUNT; i++) {
      if (locked[i] !== original.value[i]) {
        rowChanged = true;
        changedCells++;
        rowIssues.push(rowIssue('R024', row.number, HEADERS[i]!, locked[i]!, original.value[i] ?? ''));
      }
    }
    const found = checkFill(row, expected.window);
    rowIssues.push(...found.issues);
    if (!rowChanged && found.entry) {
      accepted++;
      const [n, enp, fio, dr, , phone, group, smo] = original.value;
      const birth = dateOf(dr);
      const card = { fio: fio ?? '', ...(birth ? { dr: birth } : {}), ...(phone ? { phone } : {}) };
      await accept({ n: Number(n), enp: enp!, group: Number(group), smo: smo!, ...found.entry, card });
    }
  }
  for (let next = await originals.next(); !next.done; next = await originals.next()) {
    removedRows++;
    rowIssues.push(rowIssue('R026', Number(next.value[0]) + 1, HEADERS[1]!, '', next.value[1]));
  }

  const fileIssues = fileChecks({ expected, meta, kinds, digest: digest.hex(), dataRows, changedCells, addedRows, removedRows });
  const identity = fileIssues.some((i) => i.code === 'F009' || i.code === 'F010');
  // Another MO's file compared with this MO's rows would only repeat the file-level finding per cell.
  const issues = identity ? fileIssues : [...fileIssues, ...rowIssues];
  const fileRejected = fileIssues.some((i) => i.severity === 'error');
  const rowsWithErrors = new Set(rowIssues.filter((i) => i.severity === 'error').map((i) => i.line)).size;
  return {
    issues,
    fileRejected,
    rows: dataRows,
    acceptedRows: fileRejected ? 0 : accepted,
    rejectedRows: fileRejected ? dataRows : rowsWithErrors,
  };
}

function classify(first: SheetRow): 'data' | 'meta' | 'other' {
  const texts = first.cells.map((c) => cellText(c.value, c.numFmt).trim());
  if (texts[0] === META_LABELS.fileId) return 'meta';
  if (first.number === 1 && HEADERS.every((h, i) => texts[i] === h)) return 'data';
  return 'other';
}

interface FileFacts {
  expected: ReturnExpectation;
  meta: Map<string, string>;
  kinds: Map<number, 'data' | 'meta' | 'other'>;
  digest: string;
  dataRows: number;
  changedCells: number;
  addedRows: number;
  removedRows: number;
}

function fileChecks(f: FileFacts): FlkIssue[] {
  const kinds = [...f.kinds.values()];
  if (!kinds.includes('data')) {
    return [fileIssue('F009', { detail: `нет листа с заголовком «${HEADERS.join(' | ')}» в первой строке` })];
  }
  if (!kinds.includes('meta')) return [fileIssue('F009', { detail: 'нет служебного листа с идентификатором файла' })];
  const fileId = f.meta.get(META_LABELS.fileId) ?? '';
  const mo = f.meta.get(META_LABELS.mo) ?? '';
  if (fileId !== f.expected.fileId || mo !== f.expected.mo) {
    const whose = mo !== f.expected.mo ? `файл сформирован для МО ${mo || '«не указана»'}, а загружается МО ${f.expected.mo}` : `файл ${fileId || '«без идентификатора»'} другой партии или кампании`;
    return [fileIssue('F010', { value: fileId, detail: `${whose}; ожидался файл ${f.expected.fileId}` })];
  }
  const changes: string[] = [];
  if (f.changedCells) changes.push(`изменено защищённых ячеек: ${f.changedCells}`);
  if (f.addedRows) changes.push(`добавлено строк: ${f.addedRows}`);
  if (f.removedRows) changes.push(`удалено строк: ${f.removedRows}`);
  if (!changes.length && (f.digest !== f.expected.hash || f.dataRows !== f.expected.rows)) changes.push('порядок или содержимое строк');
  if (f.meta.get(META_LABELS.hash) !== f.expected.hash || f.meta.get(META_LABELS.rows) !== String(f.expected.rows)) {
    changes.push('служебный лист изменён');
  }
  return changes.length ? [fileIssue('F011', { detail: changes.join(', ') })] : [];
}

/** The fill columns of one row: a registry entry, or the reasons it is not one. */
function checkFill(row: SheetRow, window: { from: IsoDate; to: IsoDate }): { entry?: Omit<PlanEntry, 'n' | 'enp' | 'group' | 'smo'>; issues: FlkIssue[] } {
  const cell = (offset: number) => row.cells[LOCKED_COUNT + offset];
  const issues: FlkIssue[] = [];
  const dateCell = cell(0);
  const timeCell = cell(1);
  const markText = textOf(cell(2)?.value);
  const comment = textOf(cell(3)?.value).slice(0, COMMENT_MAX) || undefined;

  const date = dateOf(dateCell?.value);
  if (date === null) issues.push(rowIssue('R029', row.number, F_DATE!, textOf(dateCell?.value) || cellText(dateCell?.value ?? null)));
  else if (date && (date < window.from || date > window.to)) {
    issues.push(rowIssue('R028', row.number, F_DATE!, ruDate(date), `${ruDate(window.from)}–${ruDate(window.to)}`));
  }
  const time = timeOf(timeCell?.value);
  if (time === null) issues.push(rowIssue('R030', row.number, F_TIME!, textOf(timeCell?.value) || cellText(timeCell?.value ?? null)));

  let mark: Mark | undefined;
  if (markText) {
    mark = MARK_BY_KEY.get(markText.toLowerCase().replace(/\s+/g, ' '));
    if (!mark) issues.push(rowIssue('R031', row.number, F_MARK!, markText, MARKS.map((m) => `«${m}»`).join(', ')));
  } else if (date) {
    mark = 'запланирован';
  } else if (date === undefined) {
    issues.push(rowIssue('R027', row.number, `${F_DATE}, ${F_MARK}`, ''));
  }
  if (mark === 'запланирован' && date === undefined) issues.push(rowIssue('R032', row.number, F_DATE!, ''));
  if (issues.length || !mark) return { issues };
  return { issues, entry: { mark, date: date || undefined, time: time || undefined, comment } };
}

function textOf(value: Value | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'object' && 'richText' in value) return value.richText.map((p) => p.text).join('').trim();
  return '';
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** A calendar date: ISO, `undefined` when the cell is empty, `null` when it is not a date. */
export function dateOf(value: Value | undefined): IsoDate | undefined | null {
  if (value === null || value === undefined || value === '') return undefined;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString().slice(0, 10);
  if (typeof value === 'number') {
    // A date-typed cell without a date format still holds Excel's serial day number.
    if (!Number.isFinite(value) || value < 1 || value > 2958465) return null;
    return new Date(Math.round((value - 25569) * 86400000)).toISOString().slice(0, 10);
  }
  const text = textOf(value);
  if (!text) return undefined;
  const m = DATE_RU.exec(text);
  if (!m) return null;
  const iso = `${m[3]}-${m[2]}-${m[1]}`;
  const parsed = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(iso) ? iso : null;
}

/** A time of day `HH:MM`: from a time cell (fraction of a day or exceljs's 1899-12-30 Date) or text. */
export function timeOf(value: Value | undefined): string | undefined | null {
  if (value === null || value === undefined || value === '') return undefined;
  if (value instanceof Date) return `${pad2(value.getUTCHours())}:${pad2(value.getUTCMinutes())}`;
  if (typeof value === 'number') {
    if (!(value >= 0 && value < 1)) return null;
    const minutes = Math.round(value * 1440) % 1440;
    return `${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}`;
  }
  const text = textOf(value);
  if (!text) return undefined;
  const m = TIME.exec(text);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  return h < 24 && min < 60 ? `${pad2(h)}:${pad2(min)}` : null;
}
