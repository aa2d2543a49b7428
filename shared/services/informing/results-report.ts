import { randomBytes } from 'node:crypto';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { config } from '../../config.js';
import { uploadStream } from '../../adapters/s3.js';
import { sendMessages } from '../../adapters/sqs.js';
import { logger } from '../../adapters/lambda/logger.js';
import { findReport, putReport, type ReportRecord } from '../../adapters/store/informing-results.js';
import { ruDate } from '../../abonent/layout.js';
import type { BatchId, Campaign } from '../../domain/records.js';
import { caughtUp, excelDate, excelTime, sheetSinks, XLSX_FORMATS, zonedStamp } from '../../files/xlsx-write.js';
import { loadReferenceData } from '../../reference/load.js';
import { loadInformingCodes } from '../../informing/result-codes.js';
import { reportKey, type ReportScope } from '../../informing/result-keys.js';
import type { InformingResultsMessage } from '../../informing/result-messages.js';
import { informedBy, shareOf, type Figures } from '../../informing/targets.js';
import { campaignOf } from '../campaigns.js';
import { federalTargets, notInformedAll, regionTargets, smoTargets, type BatchState, type OpenPerson } from './results-targets.js';
import { compactStamp } from '../../domain/time.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const GROUPS = ['1', '2', '3', '4'];

/** Asks for a report: recorded as PENDING and written by the informing-results worker. */
export async function requestReport(scope: ReportScope, campaignId: string, by: string, at = new Date()): Promise<ReportRecord> {
  const reportId = `rep-${compactStamp(at.toISOString())}-${randomBytes(4).toString('hex')}`;
  const record: ReportRecord = { reportId, campaignId, scope, state: 'PENDING', requestedAt: at.toISOString(), requestedBy: by };
  await putReport(record);
  await sendMessages('informing-results', [{ report: { campaignId, reportId, scope } } satisfies InformingResultsMessage]);
  return record;
}

/**
 * Writes one report to the outbox (DOMAIN.md §9: the SMO's, the TFOMS's or FOMS's folder) as XLSX,
 * streamed: «Показатели» (persons, informed, share — by group, and by SMO or region), «Нарастающим
 * итогом» (every day, cumulative, in all and by group) and, for an SMO, «Не проинформированы»
 * (its persons without individual informing yet, with the latest attempt). A redelivered message
 * rewrites the same object.
 */
export async function writeReport(message: Extract<InformingResultsMessage, { report: unknown }>['report']): Promise<void> {
  const record = await findReport(message.scope, message.campaignId, message.reportId);
  if (!record) {
    logger.warn('Report not recorded; skipped', { reportId: message.reportId });
    return;
  }
  const campaign = await campaignOf(message.campaignId);
  if (!campaign) throw new Error(`Campaign ${message.campaignId} is not in the reference data`);
  const key = reportKey(message.scope, campaign.id, message.reportId);
  try {
    const out = uploadStream(config.bucket('outbox'), key, XLSX);
    await Promise.all([writeWorkbook(out.stream, message.scope, campaign), out.done]);
    await putReport({ ...record, state: 'READY', key, readyAt: new Date().toISOString() });
    logger.info('Informing report written', { reportId: record.reportId, scope: message.scope.kind });
  } catch (error) {
    await putReport({ ...record, state: 'FAILED', error: (error as Error).message });
    throw error;
  }
}

type Row = Array<string | number | Date | null>;

/** The region's time zone, for the times a report states (UTC when the region is unknown). */
const zoneOfRegion = (region: string | undefined): string => (region && loadReferenceData().regions.get(region)?.timeZone) || 'UTC';

async function writeWorkbook(out: Writable, scope: ReportScope, campaign: Campaign): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true });
  workbook.creator = 'omsflow';
  try {
    if (scope.kind === 'smo') {
      const view = await smoTargets(campaign, scope.smo);
      const title = `Информирование застрахованных лиц: СМО ${view.smo}${view.name ? ` ${view.name}` : ''}, кампания «${campaign.name}»`;
      const zone = zoneOfRegion(loadReferenceData().smos.get(scope.smo)?.region);
      figuresSheet(workbook, title, view.batches, [['Итого', view.total], ...GROUPS.filter((g) => view.byGroup[g]).map((g): [string, Figures] => [`Группа ${g}`, view.byGroup[g]!])], zone);
      seriesSheet(workbook, view.total, view.byGroup);
      const approved = view.batches.filter((b) => b.state !== 'NOT_APPROVED').map((b) => b.batch);
      await openSheet(workbook, scope.smo, campaign.id, approved);
    } else if (scope.kind === 'region') {
      const view = await regionTargets(campaign, scope.region);
      const title = `Информирование застрахованных лиц: регион ${view.region}${view.name ? ` ${view.name}` : ''}, кампания «${campaign.name}»`;
      const rows: Array<[string, Figures]> = [['Итого по региону', view.total], ...GROUPS.filter((g) => view.byGroup[g]).map((g): [string, Figures] => [`Группа ${g}`, view.byGroup[g]!])];
      for (const s of view.bySmo) rows.push([`СМО ${s.smo}${s.name ? ` ${s.name}` : ''}`, s.total]);
      figuresSheet(workbook, title, view.batches, rows, zoneOfRegion(scope.region));
      seriesSheet(workbook, view.total, view.byGroup);
    } else {
      const view = await federalTargets(campaign);
      const rows: Array<[string, Figures]> = [['Итого по Российской Федерации', view.total], ...GROUPS.filter((g) => view.byGroup[g]).map((g): [string, Figures] => [`Группа ${g}`, view.byGroup[g]!])];
      for (const r of view.byRegion) rows.push([`${r.region}${r.name ? ` ${r.name}` : ''}`, r.total]);
      figuresSheet(workbook, `Информирование застрахованных лиц по регионам, кампания «${campaign.name}»`, [], rows);
      seriesSheet(workbook, view.total, view.byGroup);
    }
    await workbook.commit();
  } catch (error) {
    out.destroy(error as Error);
    throw error;
  }
}

const percent = (share: number | null): number | null => (share === null ? null : Math.round(share * 1000) / 10);
const STATE_RU: Record<BatchState['state'], string> = {
  NOT_APPROVED: 'реестр не утверждён',
  COMPUTING: 'показатели рассчитываются',
  UPDATING: 'показатели обновляются',
  CURRENT: 'показатели актуальны',
};

function figuresSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, title: string, batches: BatchState[], rows: Array<[string, Figures]>, timeZone = 'UTC'): void {
  const codes = loadInformingCodes();
  const sheet = workbook.addWorksheet('Показатели', { views: [{ state: 'frozen', ySplit: 4 }] });
  sheet.columns = [{ width: 60 }, { width: 14 }, { width: 18 }, { width: 12 }, { width: 18 }, ...codes.results.filter((r) => !r.informed).map(() => ({ width: 18 })), { width: 18 }];
  sheet.addRow([title]).commit();
  sheet.addRow([batches.map((b) => `партия ${b.batch} (${b.groups}): ${STATE_RU[b.state]}${b.computedAt ? `, расчёт ${zonedStamp(b.computedAt, timeZone)}` : ''}`).join('; ') || '']).commit();
  sheet.addRow([]).commit();
  const open = codes.results.filter((r) => !r.informed);
  const head = sheet.addRow(['', 'Лиц', 'Проинформировано индивидуально', 'Доля, %', 'Не проинформировано', ...open.map((r) => `из них: ${r.name}`), 'из них: нет сведений']);
  head.font = { bold: true };
  head.commit();
  for (const [label, f] of rows) {
    sheet.addRow([label, f.persons, f.informed, percent(f.share), f.notInformed, ...open.map((r) => f.notInformedByLastResult[r.code] ?? 0), f.notInformedByLastResult.none ?? 0]).commit();
  }
  sheet.commit();
}

function seriesSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, total: Figures, groups: Record<string, Figures>): void {
  const present = GROUPS.filter((g) => groups[g]);
  const sheet = workbook.addWorksheet('Нарастающим итогом', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [{ width: 14, style: DATE_COLUMN }, { width: 18 }, { width: 10 }, ...present.flatMap(() => [{ width: 16 }, { width: 10 }])];
  const head = sheet.addRow(['Дата', 'Проинформировано', 'Доля, %', ...present.flatMap((g) => [`Группа ${g}`, `Доля ${g}, %`])]);
  head.font = { bold: true };
  head.commit();
  for (const point of total.series) {
    const cells: Row = [asDate(point.date), point.informed, percent(point.share)];
    for (const g of present) {
      const f = groups[g]!;
      const informed = informedBy(f, point.date);
      cells.push(informed, percent(shareOf(informed, f.persons)));
    }
    sheet.addRow(cells).commit();
  }
  sheet.commit();
}

const CHECK_EVERY = 1000;
const DATE_COLUMN: Partial<ExcelJS.Style> = Object.freeze({ numFmt: XLSX_FORMATS.date });
const TIME_COLUMN: Partial<ExcelJS.Style> = Object.freeze({ numFmt: XLSX_FORMATS.time });
/** An ISO day as a date cell (ДД.ММ.ГГГГ); text that is not a date stays as it was, shown Russian-style. */
const asDate = (iso: string): Date | string => excelDate(iso) ?? ruDate(iso);

async function openSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, smo: string, campaignId: string, batches: BatchId[]): Promise<void> {
  const sheet = workbook.addWorksheet('Не проинформированы', { views: [{ state: 'frozen', ySplit: 1 }] });
  // Birth date, planned date, time and last attempt are typed cells (dates sort as dates).
  const styles: Record<number, Partial<ExcelJS.Style>> = { 3: DATE_COLUMN, 7: DATE_COLUMN, 8: TIME_COLUMN, 9: DATE_COLUMN };
  sheet.columns = [8, 19, 38, 14, 16, 9, 8, 14, 9, 18, 30, 30].map((width, i) => ({ width, ...(styles[i] ? { style: styles[i] } : {}) }));
  const head = sheet.addRow(['Партия', 'ЕНП', 'ФИО', 'Дата рождения', 'Телефон', 'МО', 'Группа', 'Дата (план)', 'Время', 'Последняя попытка', 'Канал', 'Результат']);
  head.font = { bold: true };
  head.commit();
  let count = 0;
  for (const batch of batches) {
    for await (const p of notInformedAll({ campaignId, region: smo.slice(0, 2), batch, smo })) {
      sheet.addRow(openRow(p)).commit();
      if (++count % CHECK_EVERY === 0) await caughtUp(sheetSinks(sheet));
    }
  }
  sheet.commit();
}

const openRow = (p: OpenPerson): Row => [
  p.batch,
  p.enp,
  p.fio,
  p.dr ? asDate(p.dr) : null,
  p.phone,
  p.mo,
  p.group,
  asDate(p.plannedDate),
  p.time ? (excelTime(p.time) ?? p.time) : p.time,
  p.lastAttempt ? asDate(p.lastAttempt.date) : 'не было',
  p.lastAttempt ? `${p.lastAttempt.channel} ${p.lastAttempt.channelName}` : null,
  p.lastAttempt ? `${p.lastAttempt.result} ${p.lastAttempt.resultName}` : null,
];
