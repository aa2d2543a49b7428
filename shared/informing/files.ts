import { createHash } from 'node:crypto';
import type { BatchId, IsoDate } from '../domain/records.js';
import { ruDate } from '../abonent/layout.js';

/**
 * The informing file of DOMAIN.md §3.6 (seed 000, 4.2/4.4): per SMO, per batch, one row per insured
 * person of the SMO with a planned examination date in the approved registry. Written as XLSX
 * (Russian headers, for people) and CSV (windows-1251, FOMS-style field names, for the SMO's
 * systems); every version after the first also gets a list of what changed since the one before.
 */

/** One person of an informing file, as kept in the work bucket between versions (JSON lines). */
export interface InformingRow {
  mo: string;
  enp: string;
  fam: string;
  im: string;
  ot?: string;
  /** ISO date of birth. */
  dr: IsoDate;
  phone?: string;
  group: number;
  /** ISO planned date of the examination. */
  date: IsoDate;
  /** HH:MM, when the MO gave one. */
  time?: string;
}

export const DATA_SHEET = 'Информирование';
export const META_SHEET = 'О файле';

/** Columns of the XLSX sheet (DOMAIN.md §3.6), in order. */
export const XLSX_COLUMNS = [
  { header: '№', width: 7 },
  { header: 'ЕНП', width: 19 },
  { header: 'ФИО', width: 38 },
  { header: 'Дата рождения', width: 14 },
  { header: 'Телефон', width: 18 },
  { header: 'Код МО', width: 9 },
  { header: 'МО', width: 48 },
  { header: 'Дата проведения', width: 16 },
  { header: 'Время', width: 8 },
  { header: 'Группа', width: 8 },
] as const;
export const XLSX_HEADERS: readonly string[] = XLSX_COLUMNS.map((c) => c.header);

/** Fields of the CSV (FOMS XML naming; dates DD.MM.YYYY), in order. */
export const CSV_FIELDS = ['N', 'ENP', 'FAM', 'IM', 'OT', 'DR', 'PHONE', 'MO', 'MO_NAME', 'DATE_PLAN', 'TIME_PLAN', 'PR_GROUP'] as const;

/** Fields of the list of changes since the previous version (CSV, windows-1251). */
export const CHANGES_FIELDS = ['CHANGE', 'ENP', 'FAM', 'IM', 'OT', 'DR', 'PHONE', 'MO', 'MO_NAME', 'DATE_PLAN', 'TIME_PLAN', 'PR_GROUP', 'DATE_PLAN_OLD', 'TIME_PLAN_OLD', 'REASON'] as const;

export type ChangeKind = 'added' | 'removed' | 'date-changed';

/** How a change reads in the CSV and in Russian. */
export const CHANGE_RU: Readonly<Record<ChangeKind, string>> = {
  added: 'добавлен',
  removed: 'исключён',
  'date-changed': 'изменены дата или время',
};

/**
 * The planned date of a registry entry when its person belongs in the SMO's informing file: the MO
 * marked «запланирован» and gave a date. The same persons make the targets' denominator.
 */
export function plannedDateOf(plan: { mark?: unknown; date?: unknown }): string | undefined {
  return plan.mark === 'запланирован' && typeof plan.date === 'string' && plan.date ? plan.date : undefined;
}

export function csvFields(n: number, row: InformingRow, moName: string): string[] {
  return [String(n), row.enp, row.fam, row.im, row.ot ?? '', ruDate(row.dr), row.phone ?? '', row.mo, moName, ruDate(row.date), row.time ?? '', String(row.group)];
}

/** Deterministic id of one version of one SMO's file: a retried worker rewrites the same objects. */
export function informingFileId(campaignId: string, region: string, batch: BatchId, smo: string, version: number): string {
  return `inf-${createHash('sha256').update(`${campaignId}\n${region}\n${batch}\n${smo}\n${version}`).digest('hex').slice(0, 16)}`;
}

interface Ref {
  campaignId: string;
  region: string;
  batch: BatchId;
}

export type InformingFormat = 'xlsx' | 'csv' | 'changes';

/** Object keys of stage 4 (DOMAIN.md §9: SMO files under `RR/smo/S/`, handed out by signed URLs only). */
export const informingKeys = {
  /** outbox: one version of the SMO's file. */
  file: (r: Ref, smo: string, version: number, fileId: string, format: InformingFormat) =>
    `${r.region}/smo/${smo}/informing/${r.campaignId}/batch-${r.batch}/v${version}/${fileId}${format === 'xlsx' ? '.xlsx' : format === 'csv' ? '.csv' : '.changes.csv'}`,
  /** work: the version's rows, sorted by MO and ЕНП, one JSON object per line (the next version's diff reads it). */
  rows: (r: Ref, smo: string, version: number) => `informing/${r.campaignId}/${r.region}/${r.batch}/${smo}/v${version}.rows.jsonl`,
};

/** The name the SMO's browser saves a file under. */
export function informingDownloadName(smo: string, batch: BatchId, version: number, format: InformingFormat): string {
  const groups = batch === '12' ? '1-2' : '3-4';
  const base = `Информирование_${smo}_группы_${groups}_v${version}`;
  return format === 'xlsx' ? `${base}.xlsx` : format === 'csv' ? `${base}.csv` : `${base}_изменения.csv`;
}
