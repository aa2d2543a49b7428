import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { FileKind, FileStatus } from '../domain/records.js';
import { BlockTextWriter } from '../files/block-writer.js';
import { joinFields } from '../files/lines.js';
import { caughtUp, excelLocalDateTime, sheetSinks, XLSX_FORMATS, zoneLabel } from '../files/xlsx-write.js';
import { MOSCOW } from '../domain/time.js';
import { loadReferenceData } from '../reference/load.js';
import { SEVERITY_RU } from './codes.js';
import type { FlkIssue } from './types.js';

export interface ProtocolSummary {
  fileId: string;
  fileName: string;
  /** Inbox key of the file. */
  key: string;
  /** Region code or `federal`. */
  sender: string;
  /** ISO instant. */
  receivedAt: string;
  kind: FileKind;
  status: FileStatus;
  rows: number;
  acceptedRows: number;
  rejectedRows: number;
  errors: number;
  warnings: number;
  encoding?: string;
}

export const STATUS_RU: Readonly<Record<FileStatus, string>> = {
  ACCEPTED: 'ПРИНЯТ',
  PARTIAL: 'ПРИНЯТ ЧАСТИЧНО',
  REJECTED: 'ОТКЛОНЁН',
  DUPLICATE: 'ПОВТОРНЫЙ ФАЙЛ',
};

const KIND_RU: Readonly<Record<FileKind, string>> = {
  insured: 'Выгрузка застрахованных лиц',
  covid: 'Выписка из регистра COVID-19',
  abonent: 'Заполненный абонентский пункт МО',
  informing: 'Результаты информирования СМО',
  hospitalization: 'Сведения о плановой госпитализации МО',
};

/** Who sent the file: FOMS, the TFOMS, or the MO/SMO whose inbox folder (DOMAIN.md §9) it came through. */
function senderLabel(s: Pick<ProtocolSummary, 'sender' | 'key'>): string {
  if (s.sender === 'federal') return 'ФОМС';
  const org = /^\d{2}\/(mo|smo)\/(\d{5,6})\//.exec(s.key);
  return org ? `${org[1] === 'mo' ? 'МО' : 'СМО'} ${org[2]}` : `ТФОМС ${s.sender}`;
}

export const ISSUE_HEADER = ['Строка', 'Поле', 'Значение', 'Код', 'Уровень', 'Сообщение'] as const;

/** The clock the sender reads: its region's zone; FOMS's is Moscow. */
function senderZone(sender: string): string {
  return (sender === 'federal' ? undefined : loadReferenceData().regions.get(sender)?.timeZone) ?? MOSCOW;
}

/** Label/value lines that open both protocols; the receipt time on the sender's clock, the zone named. */
export function summaryLines(s: ProtocolSummary): Array<[string, string | number | Date]> {
  const zone = senderZone(s.sender);
  return [
    ['Протокол ФЛК', s.fileName],
    ['Файл', s.key],
    ['Идентификатор файла', s.fileId],
    ['Отправитель', senderLabel(s)],
    ['Вид файла', KIND_RU[s.kind]],
    [`Получен (${zoneLabel(zone, new Date(s.receivedAt))})`, excelLocalDateTime(s.receivedAt, zone)],
    ['Кодировка', s.encoding ?? ''],
    ['Статус', STATUS_RU[s.status]],
    ['Строк данных', s.rows],
    ['Принято строк', s.acceptedRows],
    ['Отклонено строк', s.rejectedRows],
    ['Ошибок', s.errors],
    ['Предупреждений', s.warnings],
  ];
}

/** `ДД.ММ.ГГГГ ЧЧ:ММ:СС` of a wall-clock time held in a Date's UTC fields (excelLocalDateTime). */
function wallClockText(d: Date): string {
  return d.toISOString().replace(/^(\d{4})-(\d{2})-(\d{2})T(\d{2}:\d{2}:\d{2}).*$/, '$3.$2.$1 $4');
}

const UTF8_BOM = '\uFEFF';
/** Issues between checks of the XLSX output's backpressure. */
const XLSX_CHECK_EVERY = 500;

/**
 * Writes the ФЛК protocol in one pass over `issues` as CSV (UTF-8 with BOM so Excel opens it, `;`,
 * the summary lines, an empty line, then one row per issue) and as XLSX («Сводка» and «Ошибки»
 * sheets, streaming writer without shared strings). Memory does not grow with the number of issues:
 * both outputs are written as the issues arrive, waiting when a consumer falls behind.
 *
 * The XLSX writer only finishes while `out.xlsx` is consumed, so the caller starts consuming
 * (e.g. an upload) before awaiting this. Both outputs are ended on success and destroyed on failure.
 */
export async function writeProtocols(
  summary: ProtocolSummary,
  issues: AsyncIterable<FlkIssue>,
  out: { csv: Writable; xlsx: Writable },
): Promise<void> {
  try {
    const csv = new CsvWriter(out.csv);
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out.xlsx, useSharedStrings: false, useStyles: true });
    workbook.creator = 'omsflow';

    const lines = summaryLines(summary);
    const sheet = workbook.addWorksheet('Сводка');
    sheet.columns = [{ width: 24 }, { width: 70 }];
    for (const [label, value] of lines) {
      const row = sheet.addRow([label, value]);
      if (value instanceof Date) row.getCell(2).numFmt = XLSX_FORMATS.dateTime;
      row.getCell(2).alignment = { horizontal: 'left' };
      row.commit();
      await csv.write(joinFields([label, value instanceof Date ? wallClockText(value) : String(value)]));
    }
    sheet.commit();
    await csv.write('');
    await csv.write(joinFields(ISSUE_HEADER));

    const table = workbook.addWorksheet('Ошибки', { views: [{ state: 'frozen', ySplit: 1 }] });
    table.columns = [{ width: 9 }, { width: 14 }, { width: 24 }, { width: 8 }, { width: 16 }, { width: 100 }];
    const head = table.addRow([...ISSUE_HEADER]);
    head.font = { bold: true };
    head.commit();
    let count = 0;
    for await (const issue of issues) {
      const level = SEVERITY_RU[issue.severity];
      table.addRow([issue.line || null, issue.field, issue.value, issue.code, level, issue.message]).commit();
      await csv.write(joinFields([issue.line ? String(issue.line) : '', issue.field, csvSafe(issue.value), issue.code, level, issue.message]));
      if (++count % XLSX_CHECK_EVERY === 0) await caughtUp([...sheetSinks(table), out.xlsx]);
    }
    table.commit();
    await csv.end();
    await workbook.commit();
  } catch (err) {
    out.csv.destroy(err as Error);
    out.xlsx.destroy(err as Error);
    throw err;
  }
}

/**
 * A value beginning with `=`, `@`, `+` or `-` followed by a non-digit would be run as a formula when
 * the CSV is opened in Excel: prefix an apostrophe (phones like `+7…` and numbers stay as they are).
 */
export function csvSafe(value: string): string {
  const c = value.charCodeAt(0);
  if (c === 61 || c === 64) return `'${value}`;
  if ((c === 43 || c === 45) && value.length > 1) {
    const next = value.charCodeAt(1);
    if (next < 48 || next > 57) return `'${value}`;
  }
  return value;
}

/** The protocol's CSV: UTF-8 with a BOM (Excel opens it right), CRLF lines. */
class CsvWriter extends BlockTextWriter {
  constructor(stream: Writable) {
    super(stream, undefined, UTF8_BOM);
  }

  write(line: string): Promise<void> {
    return this.append(line + '\r\n');
  }
}
