import { deadlineInstant } from '../calendar/production-calendar.js';
import type { Region } from '../reference/types.js';
import { campaignObligationId, type Obligation, type Violation } from './model.js';
import type { CampaignSchedule, DueDay, Party } from './schedule.js';

/**
 * FOMS's country view of a campaign: each region's way through the schedule steps against their
 * deadlines. A fund's own step (FOMS, TFOMS) has one obligation and reads its state. A step of the
 * region's MOs or SMOs has one per organization; reading thousands of them per call is not cheap,
 * so those steps are told from the deadline and the region's violations, which evaluation writes
 * for every party that missed it: one not resolved → OVERDUE; only resolved ones → MET_LATE.
 * A region whose obligations of the campaign were never planned (a shipped schedule FOMS has not
 * loaded) says so: its steps are UNPLANNED, not overdue or met on no evidence.
 */
export type StepState = 'OPEN' | 'MET' | 'MET_LATE' | 'OVERDUE' | 'CANCELLED' | 'UNPLANNED';

export interface StepProgress {
  step: string;
  title: string;
  party: Party;
  batch?: '12' | '34';
  dueDate: string;
  dueTime: string;
  dueAt: string;
  state: StepState;
  metAt?: string;
  /** Organizations of the step that missed it: still overdue, or done late. */
  overdue: number;
  late: number;
  /** What evaluation saw (the violation's evidence), for a step some party missed. */
  evidence?: string;
}

export interface RegionProgress {
  region: string;
  name: string;
  timeZone: string;
  /** Whether the schedule's obligations exist in the region (its TFOMS has its steps). */
  planned: boolean;
  steps: StepProgress[];
  counts: Record<StepState, number>;
}

const EMPTY_COUNTS = (): Record<StepState, number> => ({ OPEN: 0, MET: 0, MET_LATE: 0, OVERDUE: 0, CANCELLED: 0, UNPLANNED: 0 });

/** A fund's own step: its obligation's state; an open one past its deadline is overdue before the clock's next run says so. */
function ownState(ob: Obligation | undefined, dueAt: string, now: string): { state: StepState; metAt?: string } {
  if (!ob || ob.state === 'OPEN') return { state: now >= dueAt ? 'OVERDUE' : 'OPEN' };
  return ob.metAt ? { state: ob.state, metAt: ob.metAt } : { state: ob.state };
}

/** A step of many MOs or SMOs, from its deadline and the violations of the parties that missed it. */
function sharedState(missed: Violation[], dueAt: string, now: string): { state: StepState; metAt?: string } {
  if (missed.some((v) => !v.resolvedAt)) return { state: 'OVERDUE' };
  if (now < dueAt) return { state: 'OPEN' };
  if (!missed.length) return { state: 'MET' };
  return { state: 'MET_LATE', metAt: missed.map((v) => v.resolvedAt!).sort().at(-1)! };
}

/**
 * One region's steps of a campaign. `own` are the campaign's obligations of FOMS and of the
 * region's TFOMS (any region: those of others are ignored); `violations` the region's ones of the campaign.
 */
export function regionProgress(
  schedule: CampaignSchedule,
  days: ReadonlyMap<string, DueDay>,
  region: Region,
  own: readonly Obligation[],
  violations: readonly Violation[],
  now: Date,
): RegionProgress {
  const at = now.toISOString();
  const byId = new Map(own.map((o) => [o.id, o]));
  const planned = violations.length > 0 || own.some((o) => o.region === region.code && o.party.type === 'TFOMS');
  const counts = EMPTY_COUNTS();
  const steps: StepProgress[] = [];
  for (const step of schedule.steps) {
    const day = days.get(step.step);
    if (!day) continue;
    const dueAt = deadlineInstant(day.date, day.time, region.timeZone);
    const prefix = `c.${schedule.campaignId}.${step.step}.${region.code}.`;
    const missed = violations.filter((v) => v.obligationId.startsWith(prefix));
    const fund = step.party === 'FOMS' || step.party === 'TFOMS';
    const code = step.party === 'FOMS' ? 'FOMS' : region.code;
    const { state, metAt } = !planned ? { state: 'UNPLANNED' as const, metAt: undefined } : fund ? ownState(byId.get(campaignObligationId(schedule.campaignId, step.step, region.code, { type: step.party, code })), dueAt, at) : sharedState(missed, dueAt, at);
    const evidence = missed.find((v) => !v.resolvedAt)?.evidence ?? missed[0]?.evidence;
    counts[state]++;
    steps.push({
      step: step.step,
      title: step.title,
      party: step.party,
      ...(step.batch ? { batch: step.batch } : {}),
      dueDate: day.date,
      dueTime: day.time,
      dueAt,
      state,
      ...(metAt ? { metAt } : {}),
      overdue: missed.filter((v) => !v.resolvedAt).length,
      late: missed.filter((v) => v.resolvedAt).length,
      ...(evidence ? { evidence } : {}),
    });
  }
  return { region: region.code, name: region.name, timeZone: region.timeZone, planned, steps, counts };
}
