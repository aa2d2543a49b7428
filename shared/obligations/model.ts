import type { FactKind, Party } from './schedule.js';

/**
 * One duty of one organization (issue «Obligations and deadlines»): who, what, due when (an
 * instant computed on the clock of the responsible region), how it is met, and its state.
 * OPEN → MET (on time) | MET_LATE | OVERDUE (a violation) → MET_LATE when done after all;
 * CANCELLED when it turns out not to apply (an MO with nobody in its file) or leaves the schedule.
 */
export type ObligationState = 'OPEN' | 'MET' | 'MET_LATE' | 'OVERDUE' | 'CANCELLED';

export const OBLIGATION_STATE_RU: Readonly<Record<ObligationState, string>> = {
  OPEN: 'открыто',
  MET: 'исполнено в срок',
  MET_LATE: 'исполнено с опозданием',
  OVERDUE: 'просрочено',
  CANCELLED: 'не применяется',
};

export interface PartyRef {
  type: Party;
  /** Organization code: FOMS, the region code for a TFOMS, F003 for an MO, F002 for an SMO. */
  code: string;
}

export interface Obligation {
  id: string;
  kind: 'campaign-step' | 'daily-hospitalization' | 'yearly-calendar' | 'periodic-report';
  region: string;
  timeZone: string;
  party: PartyRef;
  /** Russian: what is to be done. */
  title: string;
  metBy: FactKind;
  campaignId?: string;
  step?: string;
  batch?: '12' | '34';
  /** Daily duties: the day the submission is about. */
  forDate?: string;
  /** Yearly duties: the year the duty is about (the calendar of that year). */
  year?: number;
  /** Report duties (seed 002's reporting calendar): which report, for which period (`2026-11`, `2026-Q4`, `2026`). */
  reportId?: string;
  period?: string;
  /** Local deadline as written (day and time on the region's clock) and the instant it is. */
  dueDate: string;
  dueTime: string;
  dueAt: string;
  state: ObligationState;
  metAt?: string;
  evaluatedAt?: string;
  /** Russian: what the evaluation saw (kept with the violation as its evidence). */
  evidence?: string;
  /** Manual steps: who confirmed, when, with what note. */
  confirmation?: { by: string; org: string; at: string; note: string };
  version: number;
}

export const CAMPAIGN_OBLIGATION_PREFIX = 'c';
export const DAILY_OBLIGATION_PREFIX = 'h';
export const YEARLY_CALENDAR_PREFIX = 'y.calendar';

/**
 * Federal duties (FOMS's own, not of a region) are kept and evaluated under this scope in place of
 * a region code; the obligations clock evaluates it like one more region, on Moscow time.
 */
export const FEDERAL_SCOPE = 'FOMS';
export const FEDERAL_TIME_ZONE = 'Europe/Moscow';

/** Deterministic ids: the same duty is the same item however often a schedule loads. */
export function campaignObligationId(campaignId: string, step: string, region: string, party: PartyRef): string {
  return `${CAMPAIGN_OBLIGATION_PREFIX}.${campaignId}.${step}.${region}.${party.code}`;
}

export function dailyObligationId(forDate: string, mo: string): string {
  return `${DAILY_OBLIGATION_PREFIX}.${forDate}.${mo}`;
}

export function yearlyCalendarObligationId(year: number): string {
  return `${YEARLY_CALENDAR_PREFIX}.${year}`;
}

/** What the system has recorded about a duty at evaluation time. */
export type Fact =
  | { status: 'met'; at: string; evidence: string }
  | { status: 'not-met'; evidence: string }
  /** It turned out not to apply to this party. */
  | { status: 'not-applicable'; evidence: string }
  /** It cannot be done yet because an earlier step is not (the earlier step's party is at fault). */
  | { status: 'blocked'; evidence: string };

export interface EvaluationPolicy {
  /** An overdue obligation open this long after its deadline escalates to FOMS. */
  escalateAfterHours: number;
  /** This many violations of one organization within `repeatWindowDays` escalate the last one. */
  repeatThreshold: number;
  repeatWindowDays: number;
  /** Daily duties overdue this long stop being re-checked (the day's data no longer matters). */
  closeDailyAfterDays: number;
}

export const DEFAULT_POLICY: EvaluationPolicy = { escalateAfterHours: 72, repeatThreshold: 3, repeatWindowDays: 30, closeDailyAfterDays: 7 };

export type Outcome =
  | { change: 'none' }
  | { change: 'met'; state: 'MET' | 'MET_LATE'; metAt: string; evidence: string; resolvesViolation: boolean }
  | { change: 'cancelled'; evidence: string }
  | { change: 'overdue'; evidence: string }
  /** Still overdue: re-checked, evidence refreshed; `close` takes it off the evaluation list. */
  | { change: 'still-overdue'; evidence: string; close: boolean };

/**
 * The pure rule of evaluation. Before the deadline only a recorded fact changes anything; at or
 * after it, a duty not done becomes overdue once (re-running yields 'still-overdue', never a second
 * violation); a duty done after its deadline is MET_LATE and resolves the violation.
 */
export function evaluate(ob: Obligation, fact: Fact, now: Date, policy: EvaluationPolicy = DEFAULT_POLICY): Outcome {
  if (ob.state !== 'OPEN' && ob.state !== 'OVERDUE') return { change: 'none' };
  if (fact.status === 'met') {
    const late = fact.at > ob.dueAt;
    return { change: 'met', state: late ? 'MET_LATE' : 'MET', metAt: fact.at, evidence: fact.evidence, resolvesViolation: ob.state === 'OVERDUE' };
  }
  if (fact.status === 'not-applicable') return ob.state === 'OPEN' ? { change: 'cancelled', evidence: fact.evidence } : { change: 'none' };
  const due = now.toISOString() >= ob.dueAt;
  if (!due) return { change: 'none' };
  // A blocked duty past its deadline is not this party's fault: wait for the earlier step.
  if (fact.status === 'blocked') return { change: 'none' };
  if (ob.state === 'OPEN') return { change: 'overdue', evidence: fact.evidence };
  const close = ob.kind === 'daily-hospitalization' && now.getTime() - Date.parse(ob.dueAt) >= policy.closeDailyAfterDays * 86_400_000;
  return { change: 'still-overdue', evidence: fact.evidence, close };
}

/** Whether an open violation should go up to FOMS, and why (Russian), or undefined. */
export function escalationReason(
  violation: { detectedAt: string; dueAt: string; escalatedAt?: string; resolvedAt?: string },
  recentOfOrg: number,
  now: Date,
  policy: EvaluationPolicy = DEFAULT_POLICY,
): string | undefined {
  if (violation.escalatedAt || violation.resolvedAt) return undefined;
  const hours = (now.getTime() - Date.parse(violation.dueAt)) / 3_600_000;
  if (hours >= policy.escalateAfterHours) return `не исполнено более ${policy.escalateAfterHours} ч после срока`;
  if (recentOfOrg >= policy.repeatThreshold) return `${recentOfOrg}-е нарушение организации за ${policy.repeatWindowDays} дн.`;
  return undefined;
}

/** Who hears of a violation: the responsible organization and its TFOMS (FOMS on escalation). */
export function recipientsOf(ob: Pick<Obligation, 'party' | 'region'>): string[] {
  const out = [ob.party.code];
  if (ob.party.type !== 'TFOMS' && ob.region) out.push(ob.region);
  return [...new Set(out)];
}

/** `2021-06-19 24:00 (Europe/Kaliningrad)`: the deadline as the responsible party reads it. */
export function dueLabel(ob: Pick<Obligation, 'dueDate' | 'dueTime' | 'timeZone'>): string {
  const [y, m, d] = ob.dueDate.split('-');
  return `${d}.${m}.${y} ${ob.dueTime} (${ob.timeZone})`;
}

/** An overdue obligation, kept with its evidence; resolved when the duty is done after all. */
export interface Violation {
  obligationId: string;
  region: string;
  party: PartyRef;
  title: string;
  dueAt: string;
  dueLabel: string;
  detectedAt: string;
  evidence: string;
  notified: string[];
  escalatedAt?: string;
  escalationReason?: string;
  resolvedAt?: string;
}

export type NotificationKind = 'violation' | 'escalation';

/** One message to one organization; the id is deterministic, so a re-sent one replaces itself. */
export interface Notification {
  id: string;
  kind: NotificationKind;
  to: string;
  at: string;
  region: string;
  obligationId: string;
  subject: string;
  text: string;
}

export function violationOf(ob: Obligation, evidence: string, now: Date): Violation {
  return {
    obligationId: ob.id,
    region: ob.region,
    party: ob.party,
    title: ob.title,
    dueAt: ob.dueAt,
    dueLabel: dueLabel(ob),
    detectedAt: now.toISOString(),
    evidence,
    notified: recipientsOf(ob),
  };
}

const PARTY_RU: Record<PartyRef['type'], string> = { FOMS: 'ФОМС', TFOMS: 'ТФОМС', MO: 'МО', SMO: 'СМО' };

export function violationNotifications(v: Violation): Notification[] {
  const who = v.party.type === 'FOMS' ? 'ФОМС' : v.party.type === 'TFOMS' ? `ТФОМС ${v.party.code}` : `${PARTY_RU[v.party.type]} ${v.party.code}`;
  return v.notified.map((to) => ({
    id: `${v.obligationId}.violation.${to}`,
    kind: 'violation',
    to,
    at: v.detectedAt,
    region: v.region,
    obligationId: v.obligationId,
    subject: `Нарушен срок: ${v.title}`,
    text: `${who} не исполнил(а) в срок до ${v.dueLabel}: ${v.title}. ${v.evidence}`,
  }));
}

export function escalationNotification(v: Violation): Notification {
  return {
    id: `${v.obligationId}.escalation.FOMS`,
    kind: 'escalation',
    to: 'FOMS',
    at: v.escalatedAt ?? v.detectedAt,
    region: v.region,
    obligationId: v.obligationId,
    subject: `Эскалация: ${v.title} (регион ${v.region})`,
    text: `Нарушение ${v.party.code} передано в ФОМС: ${v.escalationReason ?? ''}. Срок был до ${v.dueLabel}. ${v.evidence}`,
  };
}
