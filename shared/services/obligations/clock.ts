import { dynamoFactSource } from '../../adapters/facts.js';
import { claimOnce, createObligation, dynamoObligationRepo, hasMarker } from '../../adapters/store/obligations.js';
import { sendMessages } from '../../adapters/sqs.js';
import { localDate, localTime } from '../../domain/time.js';
import { addDays } from '../../domain/groups.js';
import { HOSP_DUE_TIME } from '../../hospitalization/day.js';
import type { NotificationSink } from '../../obligations/ports.js';
import { FEDERAL_SCOPE, FEDERAL_TIME_ZONE } from '../../obligations/model.js';
import { calendarObligation } from '../../obligations/plan.js';
import { loadReferenceData } from '../../reference/load.js';
import { publishComplianceReport } from '../hospitalization/compliance.js';
import { evaluateRegion, type RegionEvaluation } from './evaluate.js';
import { NOTIFY_QUEUE } from './notify.js';
import { planDaily } from './plan.js';
import { withRegistry } from './registry-facts.js';
import { mosInForce } from '../mo-registry.js';
import { planReportDuties } from '../reporting/target-reports.js';

export const EVALUATE_QUEUE = 'obligations-evaluate';

export interface EvaluateMessage {
  region: string;
  /** The tick's instant: a redelivered message evaluates the same moment again. */
  at: string;
}

/**
 * Scheduled every 15 minutes: one message per region, so each is evaluated on its own clock and
 * alone, and one for FOMS's federal duties. Returns the number of regions.
 */
export async function tickObligations(now: Date): Promise<number> {
  const regions = [...loadReferenceData().regions.keys()];
  await sendMessages(EVALUATE_QUEUE, [...regions, FEDERAL_SCOPE].map((region): EvaluateMessage => ({ region, at: now.toISOString() })));
  return regions.length;
}

export const sqsNotificationSink: NotificationSink = { send: (notifications) => sendMessages(NOTIFY_QUEUE, notifications) };

export interface RegionTick extends RegionEvaluation {
  localTime: string;
  dailyPlanned: number;
  /** FOMS's yearly duties created by this tick (federal scope only). */
  yearlyPlanned?: number;
  /** Seed 002's report duties created by this tick (regions only). */
  reportsPlanned?: number;
  report?: string;
}

/**
 * One region at one instant: plans the daily duties of yesterday and today (local), evaluates every
 * open obligation, and once the region's clock has passed 09:00 publishes yesterday's compliance
 * report for the TFOMS (once a day; the API re-forms it on demand).
 */
export async function evaluateRegionAt(msg: EvaluateMessage, sink: NotificationSink = sqsNotificationSink): Promise<RegionTick> {
  if (msg.region === FEDERAL_SCOPE) return evaluateFederalAt(msg, sink);
  const region = loadReferenceData().regions.get(msg.region);
  if (!region) throw new Error(`unknown region ${msg.region}`);
  const now = new Date(msg.at);
  const today = localDate(now, region.timeZone);
  const yesterday = addDays(today, -1);
  const dailyPlanned = (await planDaily(region, yesterday, now)) + (await planDaily(region, today, now));
  const reportsPlanned = await planReportDuties(region, now);
  const evaluation = await evaluateRegion(region.code, now, { repo: dynamoObligationRepo, facts: withRegistry(dynamoFactSource()), notify: sink });
  const clock = localTime(now, region.timeZone);
  let report: string | undefined;
  const hasMos = (await mosInForce(region.code, yesterday)).size > 0;
  if (hasMos && clock >= HOSP_DUE_TIME && !(await hasMarker(`HOSPREPORT#${region.code}`, yesterday))) {
    report = (await publishComplianceReport(region.code, yesterday, now)).key;
    await claimOnce(`HOSPREPORT#${region.code}`, yesterday, now.toISOString());
  }
  return { ...evaluation, localTime: clock, dailyPlanned, reportsPlanned, report };
}

/**
 * FOMS's own duties at one instant: next year's production calendar (due 1 December, planned
 * once a year — a conditional create, so every tick after the first changes nothing), then
 * evaluation like a region's: overdue without a loaded decree is a violation.
 */
async function evaluateFederalAt(msg: EvaluateMessage, sink: NotificationSink): Promise<RegionTick> {
  const now = new Date(msg.at);
  const year = Number(localDate(now, FEDERAL_TIME_ZONE).slice(0, 4));
  // This year's too: a system started after 1 December still holds FOMS to the year it is in.
  let planned = 0;
  for (const y of [year, year + 1]) if (await createObligation(calendarObligation(y))) planned++;
  const evaluation = await evaluateRegion(FEDERAL_SCOPE, now, { repo: dynamoObligationRepo, facts: dynamoFactSource(), notify: sink });
  return { ...evaluation, localTime: localTime(now, FEDERAL_TIME_ZONE), dailyPlanned: 0, yearlyPlanned: planned };
}
