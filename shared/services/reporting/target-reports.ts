import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { config } from '../../config.js';
import { putObject } from '../../adapters/s3.js';
import { regionStats } from '../../adapters/store/groups.js';
import { statsOfRegion } from '../../adapters/store/informing-results.js';
import { createObligation } from '../../adapters/store/obligations.js';
import { putTargetReport, type TargetReportRecord } from '../../adapters/store/target-reports.js';
import { localDate } from '../../domain/time.js';
import { compactStamp } from '../../domain/time.js';
import { periodFigures, type Denominators, type PeriodFigures } from '../../informing/period-targets.js';
import type { GroupFigures } from '../../informing/targets.js';
import {
  dueDateOf,
  parsePeriod,
  parseReportingCalendar,
  periodLabel,
  reportDutiesOn,
  submittableFrom,
  type Period,
  type ReportDuty,
  type ReportingCalendar,
} from '../../obligations/reporting.js';
import { loadReferenceData, resolveReferenceDir } from '../../reference/load.js';
import { zonedStamp } from '../../files/xlsx-write.js';
import { allCampaigns } from '../campaigns.js';
import type { Region } from '../../reference/types.js';
import { currentCalendar } from '../calendar.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const REPORTING_CALENDAR_FILE = 'schedules/reporting-002.json';

const calendars = new Map<string, ReportingCalendar>();

/** Seed 002's reporting calendar, from the reference data directory (cached per directory). */
export function loadReportingCalendar(dir?: string): ReportingCalendar {
  const root = resolveReferenceDir(dir);
  let c = calendars.get(root);
  if (!c) {
    c = parseReportingCalendar(JSON.parse(readFileSync(join(root, REPORTING_CALENDAR_FILE), 'utf8')));
    calendars.set(root, c);
  }
  return c;
}

/** Regions whose TFOMS is held to the calendar: those with SMOs in the reference data (someone informs there). */
export function reportingRegion(region: string): boolean {
  return [...loadReferenceData().smos.values()].some((s) => s.region === region);
}

/**
 * Plans a region's report duties for its local day (this period and the one before, for each
 * report): conditional creates, so every tick after the first changes nothing.
 */
export async function planReportDuties(region: Region, now: Date): Promise<number> {
  if (!reportingRegion(region.code)) return 0;
  let created = 0;
  for (const ob of reportDutiesOn(loadReportingCalendar(), region, localDate(now, region.timeZone), await currentCalendar())) {
    if (await createObligation(ob)) created++;
  }
  return created;
}

// ---- figures -----------------------------------------------------------------------------------

export interface SmoPeriodFigures extends PeriodFigures {
  smo: string;
  name: string | null;
}

export interface RegionPeriodFigures {
  region: string;
  asOf: string;
  total: PeriodFigures;
  bySmo: SmoPeriodFigures[];
  /** When the informing figures used were last computed (earliest of the SMO batches), and the denominators. */
  informingComputedAt: string | null;
  insuredComputedAt: string | null;
}

/**
 * A region's figures up to `asOf`: informed persons from the stored figures of every campaign's
 * SMO batches (persons informed in one campaign; the demo has one campaign per year), the
 * denominators from the latest computation of the region's export (groups recompute).
 */
export async function regionPeriodFigures(region: string, asOf: string): Promise<RegionPeriodFigures> {
  const campaigns = await allCampaigns();
  const groupsBySmo = new Map<string, GroupFigures[]>();
  let informingComputedAt: string | null = null;
  let denominators: { by: Record<string, [number, number]>; at: string } | undefined;
  for (const campaign of campaigns) {
    const [stored, groups] = await Promise.all([statsOfRegion(campaign.id, region), regionStats(campaign.id, region)]);
    for (const s of stored) {
      if (!s.stats) continue;
      groupsBySmo.set(s.smo, [...(groupsBySmo.get(s.smo) ?? []), ...Object.values(s.stats.groups)]);
      if (s.computedAt && (!informingComputedAt || s.computedAt < informingComputedAt)) informingComputedAt = s.computedAt;
    }
    const by = groups.stats.insuredBySmo;
    if (by && groups.computedAt && (!denominators || groups.computedAt > denominators.at)) denominators = { by, at: groups.computedAt };
  }
  const ref = loadReferenceData();
  const smos = new Set([...ref.smos.values()].filter((s) => s.region === region).map((s) => s.code));
  for (const smo of [...groupsBySmo.keys(), ...Object.keys(denominators?.by ?? {})]) smos.add(smo);
  const denominatorOf = (smo: string): Denominators => {
    const [insured = 0, dispensary = 0] = denominators?.by[smo] ?? [];
    return { insured, dispensary };
  };
  const bySmo = [...smos].sort().map((smo) => ({ smo, name: ref.smos.get(smo)?.name ?? null, ...periodFigures(groupsBySmo.get(smo) ?? [], denominatorOf(smo), asOf) }));
  const total = bySmo.reduce((d, s) => ({ insured: d.insured + s.insured, dispensary: d.dispensary + s.dispensary }), { insured: 0, dispensary: 0 });
  return {
    region,
    asOf,
    total: periodFigures([...groupsBySmo.values()].flat(), total, asOf),
    bySmo,
    informingComputedAt,
    insuredComputedAt: denominators?.at ?? null,
  };
}

// ---- producing a report ----------------------------------------------------------------------

export class ReportRefused extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The report and period of a path, checked against the calendar (Russian 4xx otherwise). */
export function reportAndPeriod(reportId: string, periodId: string): { report: ReportDuty; period: Period } {
  const report = loadReportingCalendar().reports.find((r) => r.id === reportId);
  if (!report) {
    const known = loadReportingCalendar().reports.map((r) => r.id).join(', ');
    throw new ReportRefused(404, 'REPORT_NOT_IN_CALENDAR', `Отчёта «${reportId}» нет в календаре отчётности; есть: ${known}.`);
  }
  const period = parsePeriod(periodId, report.period);
  if (!period) {
    const form = { month: 'ГГГГ-ММ (например, 2026-11)', quarter: 'ГГГГ-Qn (например, 2026-Q4)', year: 'ГГГГ (например, 2026)' }[report.period];
    throw new ReportRefused(400, 'BAD_PERIOD', `Параметр period: «${periodId}» — для отчёта «${reportId}» период задаётся как ${form}.`);
  }
  const year = Number(period.id.slice(0, 4));
  if (year < 2000 || year > 2100) throw new ReportRefused(400, 'BAD_PERIOD', `Параметр period: «${periodId}» — год отчётного периода от 2000 до 2100.`);
  return { report, period };
}

const ruDay = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;

/**
 * The TFOMS submits a report for a period: the region's figures, cut at the period's last day (or
 * today on the region's clock, when earlier), written as XLSX to the outbox
 * (`RR/tfoms/target-reports/<report>/<period>/<stamp>.xlsx`) and recorded — which meets the duty.
 * Allowed from the first day of the month the deadline falls in; made again, it replaces the file.
 */
export async function produceTargetReport(input: { region: Region; reportId: string; period: string; by: string; now: Date }): Promise<TargetReportRecord> {
  const { report, period } = reportAndPeriod(input.reportId, input.period);
  const today = localDate(input.now, input.region.timeZone);
  const due = dueDateOf(report, period, await currentCalendar());
  const from = submittableFrom(due);
  if (today < from) throw new ReportRefused(409, 'PERIOD_NOT_REPORTABLE', `Отчёт «${report.id}» за ${periodLabel(period)} можно представить с ${ruDay(from)} (срок — до ${ruDay(due)}); сегодня ${ruDay(today)}.`);
  const asOf = period.to < today ? period.to : today;
  const figures = await regionPeriodFigures(input.region.code, asOf);
  const at = input.now.toISOString();
  const key = `${input.region.code}/tfoms/target-reports/${report.id}/${period.id}/${compactStamp(at)}.xlsx`;
  await putObject(config.bucket('outbox'), key, await reportWorkbook(report, period, input.region, figures), XLSX);
  const t = figures.total;
  return putTargetReport({
    region: input.region.code,
    reportId: report.id,
    period: period.id,
    producedAt: at,
    producedBy: input.by,
    key,
    asOf,
    figures: { insured: t.insured, dispensary: t.dispensary, informed: t.informed, dispensaryInformed: t.dispensaryInformed, shareInsured: t.shareInsured, shareDispensary: t.shareDispensary },
  });
}

const HEADER = ['', 'Застрахованных лиц', 'С ХНИЗ под диспансерным наблюдением', 'Проинформировано лиц с ХНИЗ (индивидуально)', 'Доля лиц с ХНИЗ (Мероприятие 4)', 'Получили информацию', 'Доля застрахованных (Мероприятие 5)'];
const row = (label: string, f: PeriodFigures) => [label, f.insured, f.dispensary, f.dispensaryInformed, f.shareDispensary, f.informed, f.shareInsured];

/** «Показатели» (region and each SMO) and «Помесячно» (each month of the year, cumulative). */
async function reportWorkbook(report: ReportDuty, period: Period, region: Region, f: RegionPeriodFigures): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'omsflow';
  const figures = wb.addWorksheet('Показатели');
  figures.addRow([`${report.title}: ${region.code} ${region.name}, за ${periodLabel(period)}, нарастающим итогом с 01.01.${period.id.slice(0, 4)} по ${ruDay(f.asOf)}`]);
  figures.addRow([`Основание: ${report.source}`]);
  figures.addRow(HEADER).font = { bold: true };
  figures.addRow(row('Итого по региону', f.total));
  for (const s of f.bySmo) figures.addRow(row(`СМО ${s.smo}${s.name ? ` ${s.name}` : ''}`, s));
  const months = wb.addWorksheet('Помесячно');
  months.addRow(['Месяц', 'Проинформировано лиц с ХНИЗ (индивидуально)', 'Доля лиц с ХНИЗ (Мероприятие 4)', 'Получили информацию', 'Доля застрахованных (Мероприятие 5)']).font = { bold: true };
  for (const m of f.total.months) months.addRow([m.month, m.dispensaryInformed, m.shareDispensary, m.informed, m.shareInsured]);
  for (const [sheet, cols] of [
    [figures, [5, 7]],
    [months, [3, 5]],
  ] as const) {
    for (const c of cols) sheet.getColumn(c).numFmt = '0.00%';
    sheet.getColumn(1).width = 40;
  }
  wb.addWorksheet('Определения').addRows([
    ['Мероприятие 4', 'Доля лиц, индивидуально проинформированных, от общего числа застрахованных лиц с хроническими неинфекционными заболеваниями, при наличии которых устанавливается диспансерное наблюдение (коды DS_CHRONIC выгрузки по справочнику dispensary-icd10.csv), нарастающим итогом'],
    ['Мероприятие 5', 'Доля лиц, получающих информацию, от общего числа застрахованных лиц (живые лица выгрузки ТФОМС), нарастающим итогом'],
    ['Сведения об информировании рассчитаны', f.informingComputedAt ? zonedStamp(f.informingComputedAt, region.timeZone) : 'нет'],
    ['Численность застрахованных рассчитана', f.insuredComputedAt ? zonedStamp(f.insuredComputedAt, region.timeZone) : 'нет'],
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
