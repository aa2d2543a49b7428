import { deadlineInstant } from '../../shared/calendar/production-calendar.js';
import { campaignObligationId, type Obligation, type PartyRef } from '../../shared/obligations/model.js';
import { parseSchedule, type ScheduleStep } from '../../shared/obligations/schedule.js';
import { loadReferenceData, loadShippedSchedule } from '../../shared/reference/load.js';

/** The steps of a campaign's shipped schedule (version 0). */
export function shippedSteps(campaignId: string): ScheduleStep[] {
  const shipped = parseSchedule(loadShippedSchedule(campaignId));
  if (!shipped.ok) throw new Error(shipped.errors.join('; '));
  return shipped.schedule.steps;
}

/**
 * A campaign-step obligation of a region as planning would have made it from the shipped schedule
 * (its dated step, due on the region's clock), in a chosen state: what tests seed instead of
 * loading a schedule and planning every region.
 */
export function shippedStepObligation(campaignId: string, region: string, step: string, party: PartyRef, state: Obligation['state'], metAt?: string): Obligation {
  const s = shippedSteps(campaignId).find((x) => x.step === step)!;
  const due = s.due as { date: string; time: string };
  const timeZone = loadReferenceData().regions.get(region)!.timeZone;
  return {
    id: campaignObligationId(campaignId, step, region, party),
    kind: 'campaign-step',
    region,
    timeZone,
    party,
    title: `${step}. ${s.title}`,
    metBy: s.metBy,
    campaignId,
    step,
    ...(s.batch ? { batch: s.batch } : {}),
    dueDate: due.date,
    dueTime: due.time,
    dueAt: deadlineInstant(due.date, due.time, timeZone),
    state,
    ...(metAt ? { metAt } : {}),
    version: 1,
  };
}
