import { createHash, type Hash } from 'node:crypto';
import type { BatchId, IsoDate } from '../domain/records.js';

/**
 * The «абонентский пункт» file of DOMAIN.md §3.4: what its columns are, what is locked, what the hidden
 * sheet holds, and the digest that proves the locked part came back unchanged. Reader and writer
 * both take the layout from here, so they cannot drift apart.
 */

export const DATA_SHEET = 'Абонентский пункт';
export const META_SHEET = 'Служебный';
export const FORMAT_VERSION = '1';

/** Values of the «отметка» list (DOMAIN.md §3.4), as the clerk sees them in the drop-down. */
export const MARKS = ['запланирован', 'отказ', 'не проживает', 'умер', 'сменил МО'] as const;
export type Mark = (typeof MARKS)[number];

/** Read-only columns, in order; their text is what the digest covers. */
export const LOCKED_COLUMNS = [
  { header: '№', width: 7 },
  { header: 'ЕНП', width: 19 },
  { header: 'ФИО', width: 38 },
  { header: 'Дата рождения', width: 14 },
  { header: 'Пол', width: 6 },
  { header: 'Телефон', width: 18 },
  { header: 'Группа', width: 8 },
  { header: 'СМО', width: 9 },
] as const;

/** Columns the MO fills in (unlocked, validated). */
export const FILL_COLUMNS = [
  { header: 'Дата проведения', width: 16 },
  { header: 'Время', width: 9 },
  { header: 'Отметка', width: 16 },
  { header: 'Комментарий', width: 40 },
] as const;

export const HEADERS: readonly string[] = [...LOCKED_COLUMNS, ...FILL_COLUMNS].map((c) => c.header);
export const FILL_FIRST_COLUMN = LOCKED_COLUMNS.length + 1; // 1-based, for Excel addresses
export const COMMENT_MAX = 500;

/** One person of an MO's file: the locked columns as the sheet shows them (text). */
export interface AbonentRow {
  n: number;
  enp: string;
  fio: string;
  /** DD.MM.YYYY */
  dr: string;
  /** «М» or «Ж». */
  w: string;
  phone: string;
  group: number;
  smo: string;
}

/** The locked cells of a row as text, in column order (what a reader gets back). */
export function lockedTexts(row: AbonentRow): string[] {
  return [String(row.n), row.enp, row.fio, row.dr, row.w, row.phone, String(row.group), row.smo];
}

/** What the hidden sheet records about a file (DOMAIN.md §3.4). */
export interface AbonentMeta {
  fileId: string;
  mo: string;
  region: string;
  campaignId: string;
  batch: BatchId;
  rows: number;
  /** SHA-256 (hex) over the locked cells of every row, see {@link LockedDigest}. */
  hash: string;
  /** Examination window the dates must fall in (inclusive). */
  window: { from: IsoDate; to: IsoDate };
  formedAt: string;
}

/** Labels of the hidden sheet, in order (label → meta field). */
export const META_LABELS = {
  fileId: 'Идентификатор файла',
  mo: 'Код МО',
  region: 'Регион',
  campaignId: 'Кампания',
  batch: 'Партия (группы)',
  rows: 'Строк',
  hash: 'Контрольная сумма защищённых столбцов (SHA-256)',
  window: 'Период проведения',
  formedAt: 'Сформирован',
  version: 'Версия формата',
} as const;

/**
 * SHA-256 over the locked cells, row by row (unit separator between cells, newline between rows):
 * a changed, added, removed or reordered locked cell changes it.
 */
export class LockedDigest {
  private readonly hash: Hash = createHash('sha256');
  private count = 0;

  add(cells: readonly string[]): void {
    this.hash.update(cells.join('\u001f'));
    this.hash.update('\n');
    this.count++;
  }

  get rows(): number {
    return this.count;
  }

  hex(): string {
    return this.hash.digest('hex');
  }
}

/** Deterministic id of the file of one MO in one batch: re-forming finds the same file. */
export function abonentFileId(campaignId: string, region: string, batch: BatchId, mo: string): string {
  return `ap-${createHash('sha256').update(`${campaignId}\n${region}\n${batch}\n${mo}`).digest('hex').slice(0, 16)}`;
}

export const sexLabel = (w: 1 | 2): string => (w === 1 ? 'М' : 'Ж');

export function fioOf(card: { fam?: string; im?: string; ot?: string }): string {
  return [card.fam, card.im, card.ot].filter(Boolean).join(' ');
}

/** ISO `YYYY-MM-DD` → `DD.MM.YYYY`. */
export function ruDate(iso: IsoDate): string {
  return `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;
}
