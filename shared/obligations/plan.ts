import { deadlineInstant, type ProductionCalendar } from '../calendar/production-calendar.js';
import { addDays } from '../domain/groups.js';
import { dueInstantOf, HOSP_DUE_TIME } from '../hospitalization/day.js';
import { isObligated, obligationsOf } from '../hospitalization/submission.js';
import type { MedicalOrganization, Region } from '../reference/types.js';
import {
  campaignObligationId,
  dailyObligationId,
  FEDERAL_SCOPE,
  FEDERAL_TIME_ZONE,
  yearlyCalendarObligationId,
  type Obligation,
  type PartyRef,
} from './model.js';
import { resolveDueDays, type CampaignSchedule, type Party } from './schedule.js';

/** The organizations of one region a schedule binds. */
export interface RegionParties {
  /** MOs that receive «абонентский пункт» files at x.1 (every MO of the region). */
  mos: string[];
  smos: string[];
}

function partiesOf(type: Party, region: string, parties: RegionParties): PartyRef[] {
  switch (type) {
    case 'FOMS':
      return [{ type, code: 'FOMS' }];
    case 'TFOMS':
      return [{ type, code: region }];
    case 'MO':
      return parties.mos.map((code) => ({ type, code }));
    case 'SMO':
      return parties.smos.map((code) => ({ type, code }));
  }
}

/** Every obligation a schedule creates in one region, due on the region's own clock. */
export function campaignObligations(schedule: CampaignSchedule, region: Region, parties: RegionParties, calendar: ProductionCalendar): Obligation[] {
  const days = resolveDueDays(schedule, calendar);
  const out: Obligation[] = [];
  for (const step of schedule.steps) {
    const day = days.get(step.step);
    if (!day) continue;
    const dueAt = deadlineInstant(day.date, day.time, region.timeZone);
    for (const party of partiesOf(step.party, region.code, parties)) {
      out.push({
        id: campaignObligationId(schedule.campaignId, step.step, region.code, party),
        kind: 'campaign-step',
        region: region.code,
        timeZone: region.timeZone,
        party,
        title: `${step.step}. ${step.title}`,
        metBy: step.metBy,
        campaignId: schedule.campaignId,
        step: step.step,
        batch: step.batch,
        dueDate: day.date,
        dueTime: day.time,
        dueAt,
        state: 'OPEN',
        version: 0,
      });
    }
  }
  return out;
}

/** The daily submission duty of every MO of the region bound by §263 or §264 for one day. */
export function dailyObligations(region: Region, forDate: string, mos: Iterable<MedicalOrganization>): Obligation[] {
  const dueDate = addDays(forDate, 1);
  const dueAt = dueInstantOf(forDate, region.timeZone);
  const [y, m, d] = forDate.split('-');
  const out: Obligation[] = [];
  for (const mo of mos) {
    if (mo.region !== region.code) continue;
    if (!isObligated(mo)) continue;
    const duty = obligationsOf(mo);
    const articles = [duty.s263 && '263', duty.s264 && '264'].filter(Boolean).join(', ');
    out.push({
      id: dailyObligationId(forDate, mo.code),
      kind: 'daily-hospitalization',
      region: region.code,
      timeZone: region.timeZone,
      party: { type: 'MO', code: mo.code },
      title: `Сведения о плановой госпитализации за ${d}.${m}.${y} (п. ${articles} Правил ОМС)`,
      metBy: 'hospitalization-daily',
      forDate,
      dueDate,
      dueTime: HOSP_DUE_TIME,
      dueAt,
      state: 'OPEN',
      version: 0,
    });
  }
  return out;
}

/** FOMS confirms a year's production calendar «by 1 December» of the year before (end of that day, Moscow time). */
export const CALENDAR_DUE = { month: '12-01', time: '24:00' } as const;

/**
 * FOMS's yearly duty: the production calendar of `year` confirmed — its transfer decree loaded
 * (PUT /v1/calendar/{year}) — by 1 December of the year before. A provisional year (art. 112 ТК РФ
 * only) is not confirmed. Federal: kept under FEDERAL_SCOPE, not in a region.
 */
export function calendarObligation(year: number): Obligation {
  const dueDate = `${year - 1}-${CALENDAR_DUE.month}`;
  const [y, m, d] = dueDate.split('-');
  return {
    id: yearlyCalendarObligationId(year),
    kind: 'yearly-calendar',
    region: FEDERAL_SCOPE,
    timeZone: FEDERAL_TIME_ZONE,
    party: { type: 'FOMS', code: 'FOMS' },
    title: `Производственный календарь на ${year} год: загрузить постановление Правительства РФ о переносе выходных дней (до ${d}.${m}.${y})`,
    metBy: 'calendar-confirmed',
    year,
    dueDate,
    dueTime: CALENDAR_DUE.time,
    dueAt: deadlineInstant(dueDate, CALENDAR_DUE.time, FEDERAL_TIME_ZONE),
    state: 'OPEN',
    version: 0,
  };
}

/**
 * Applying a new schedule to what is stored: new duties are created, open ones whose deadline
 * changed move, open ones whose step left the schedule are cancelled; anything already decided
 * (met, overdue) stays as it was — history is not rewritten.
 */
export type PlanChange = { kind: 'create'; obligation: Obligation } | { kind: 'move'; obligation: Obligation; from: Obligation } | { kind: 'cancel'; obligation: Obligation };

export function planChanges(wanted: Obligation[], stored: Obligation[]): PlanChange[] {
  const byId = new Map(stored.map((o) => [o.id, o]));
  const wantedIds = new Set(wanted.map((o) => o.id));
  const out: PlanChange[] = [];
  for (const ob of wanted) {
    const old = byId.get(ob.id);
    if (!old) out.push({ kind: 'create', obligation: ob });
    else if (old.state === 'OPEN' && (old.dueAt !== ob.dueAt || old.title !== ob.title || old.metBy !== ob.metBy)) {
      out.push({ kind: 'move', from: old, obligation: { ...old, title: ob.title, metBy: ob.metBy, dueDate: ob.dueDate, dueTime: ob.dueTime, dueAt: ob.dueAt } });
    }
  }
  for (const old of stored) if (!wantedIds.has(old.id) && old.state === 'OPEN') out.push({ kind: 'cancel', obligation: old });
  return out;
}
