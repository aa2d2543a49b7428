import ExcelJS from 'exceljs';
import { config } from '../../config.js';
import { putObject } from '../../adapters/s3.js';
import { logger } from '../../adapters/lambda/logger.js';
import { receiptsOfDay } from '../../adapters/store/hospitalization.js';
import { complianceCounts, complianceOf, localStamp, type ComplianceRow, type ComplianceStatus } from '../../hospitalization/compliance.js';
import { dueInstantOf } from '../../hospitalization/day.js';
import { complianceReportKey } from '../../hospitalization/keys.js';
import { isObligated } from '../../hospitalization/submission.js';
import { loadReferenceData } from '../../reference/load.js';
import type { MedicalOrganization } from '../../reference/types.js';
import { ruOfIso } from '../../flk/fields.js';
import { excelLocalDateTime, XLSX_FORMATS, zoneLabel } from '../../files/xlsx-write.js';
import type { CalendarFlag } from '../../calendar/production-calendar.js';
import { addDays } from '../../domain/groups.js';
import { currentCalendar } from '../calendar.js';
import { mosInForce } from '../mo-registry.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** MOs of the region in the registry on `forDate` and bound by §263 or §264 (DOMAIN.md §4): they must submit that day. */
export async function obligatedMosOf(region: string, forDate: string): Promise<MedicalOrganization[]> {
  return [...(await mosInForce(region, forDate)).values()].filter(isObligated);
}

export interface ComplianceDay {
  region: string;
  regionName: string;
  timeZone: string;
  forDate: string;
  /** The deadline: the next day, 09:00 local, as a UTC instant. */
  dueAt: string;
  asOf: string;
  counts: Record<ComplianceStatus, number>;
  rows: ComplianceRow[];
  /** «календарь предварительный»: the day or its deadline lies in a year without a decree. */
  calendar?: CalendarFlag;
}

/** The TFOMS's view of one day: every obligated MO with its first accepted submission and status. */
export async function complianceOfDay(region: string, forDate: string, now: Date): Promise<ComplianceDay> {
  const r = loadReferenceData().regions.get(region);
  if (!r) throw new Error(`unknown region ${region}`);
  const dueAt = dueInstantOf(forDate, r.timeZone);
  const rows = complianceOf(await obligatedMosOf(region, forDate), await receiptsOfDay(region, forDate), forDate, dueAt, { timeZone: r.timeZone, now });
  const calendar = (await currentCalendar()).flagFor([forDate, addDays(forDate, 1)]);
  return { region, regionName: r.name, timeZone: r.timeZone, forDate, dueAt, asOf: now.toISOString(), counts: complianceCounts(rows), rows, ...(calendar ? { calendar } : {}) };
}


/** Column headers; the local time names the region's zone (its offset on the reporting day). */
export function complianceHeader(timeZone: string, at: string): string[] {
  return ['Код МО', 'Наименование МО', `Представлено (${zoneLabel(timeZone, new Date(at))})`, 'Представлено (UTC)', 'Статус', 'Примечание'];
}

/**
 * The report as an XLSX: the table on the first sheet (header row, DOMAIN.md §3), a summary on the
 * second. Times are typed date-time cells (they sort and filter), the local one in the region's zone.
 */
async function complianceWorkbook(day: ComplianceDay): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'omsflow';
  const sheet = workbook.addWorksheet('Соблюдение сроков', { views: [{ state: 'frozen', ySplit: 1 }] });
  const header = complianceHeader(day.timeZone, day.dueAt);
  const widths = [10, 60, 34, 22, 16, 60];
  sheet.columns = header.map((h, i) => ({ header: h, width: widths[i] }));
  sheet.getColumn(3).numFmt = XLSX_FORMATS.dateTime;
  sheet.getColumn(4).numFmt = XLSX_FORMATS.dateTime;
  sheet.getRow(1).font = { bold: true };
  for (const row of day.rows) {
    const at = row.submittedAt;
    sheet.addRow([row.mo, row.name, at ? excelLocalDateTime(at, day.timeZone) : null, at ? new Date(at) : null, row.status, row.note ?? '']);
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: header.length } };

  const summary = workbook.addWorksheet('Сводка');
  summary.columns = [{ width: 36 }, { width: 40 }];
  summary.addRows([
    ['Отчёт', 'Представление сведений в ресурс «Плановая госпитализация» (ст. 263–264 Правил ОМС)'],
    ['Регион', `${day.region} ${day.regionName}`],
    ['Отчётные сутки', ruOfIso(day.forDate)],
    ['Срок представления', `${localStamp(day.dueAt, day.timeZone)} (${zoneLabel(day.timeZone, new Date(day.dueAt))})`],
    [`Сформирован (${zoneLabel(day.timeZone, new Date(day.asOf))})`, excelLocalDateTime(day.asOf, day.timeZone)],
    ['МО, обязанных представлять сведения', day.rows.length],
    ['в срок', day.counts['в срок']],
    ['с опозданием', day.counts['с опозданием']],
    ['нет сведений', day.counts['нет сведений']],
    ...(day.calendar ? [['Производственный календарь', day.calendar.note]] : []),
  ]);
  if (day.calendar) sheet.headerFooter.oddHeader = `&L${day.calendar.note}`;
  summary.getColumn(1).font = { bold: true };
  summary.getCell(5, 2).numFmt = XLSX_FORMATS.dateTime;
  summary.getColumn(2).alignment = { horizontal: 'left' };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/**
 * Writes the region's compliance report for `forDate` to the outbox at
 * `RR/tfoms/hospitalization/compliance/<forDate>.xlsx` (one key per day: writing it again, e.g.
 * on demand after a late submission, replaces it with current figures). Called by the 09:00
 * evaluation of the region and by the API.
 */
export async function publishComplianceReport(region: string, forDate: string, now: Date): Promise<{ key: string; rows: number }> {
  const day = await complianceOfDay(region, forDate, now);
  return { key: await writeComplianceReport(day), rows: day.rows.length };
}

/** Writes an already computed day to its outbox key; returns the key. */
export async function writeComplianceReport(day: ComplianceDay): Promise<string> {
  const key = complianceReportKey(day.region, day.forDate);
  await putObject(config.bucket('outbox'), key, await complianceWorkbook(day), XLSX);
  logger.info('Hospitalization compliance report written', { region: day.region, forDate: day.forDate, ...day.counts });
  return key;
}
