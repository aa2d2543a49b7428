import {
  DEFAULT_POLICY,
  escalationNotification,
  escalationReason,
  evaluate,
  violationNotifications,
  violationOf,
  type EvaluationPolicy,
  type Notification,
  type Obligation,
} from '../../obligations/model.js';
import type { FactSource, NotificationSink, ObligationRepo } from '../../obligations/ports.js';

export interface EvaluationDeps {
  repo: ObligationRepo;
  facts: FactSource;
  notify: NotificationSink;
  policy?: EvaluationPolicy;
}

export interface RegionEvaluation {
  region: string;
  evaluated: number;
  met: number;
  metLate: number;
  cancelled: number;
  violations: number;
  escalations: number;
  notifications: number;
  /** Changes lost to a concurrent writer; the next run sees the winner's state. */
  conflicts: number;
}

/**
 * Evaluates every open or overdue obligation of one region at `now`. Order of writes per
 * obligation — violation (conditional create), notifications (deterministic ids), then the
 * obligation's own state — makes a run killed half-way safe to repeat: the violation is not
 * created twice, the notifications replace themselves, and the state is written last.
 */
export async function evaluateRegion(region: string, now: Date, deps: EvaluationDeps): Promise<RegionEvaluation> {
  const policy = deps.policy ?? DEFAULT_POLICY;
  const open = await deps.repo.openOf(region);
  const facts = await deps.facts.factsFor(region, open, now);
  const result: RegionEvaluation = { region, evaluated: open.length, met: 0, metLate: 0, cancelled: 0, violations: 0, escalations: 0, notifications: 0, conflicts: 0 };
  const outbox: Notification[] = [];
  const at = now.toISOString();
  const repeatSince = new Date(now.getTime() - policy.repeatWindowDays * 86_400_000).toISOString();
  // One count per organization and run: an MO with a month of missed days is asked once.
  const recentByOrg = new Map<string, Promise<number>>();
  const recentOf = (org: string) => {
    if (!recentByOrg.has(org)) recentByOrg.set(org, deps.repo.violationsOfOrgSince(org, repeatSince));
    return recentByOrg.get(org)!;
  };

  for (const ob of open) {
    const fact = facts.get(ob.id) ?? { status: 'not-met', evidence: 'нет сведений об исполнении' };
    const outcome = evaluate(ob, fact, now, policy);
    let next: Obligation | undefined;
    let close = false;
    switch (outcome.change) {
      case 'none':
        continue;
      case 'met':
        if (outcome.resolvesViolation) await deps.repo.markViolation(region, ob.id, { resolvedAt: outcome.metAt });
        next = { ...ob, state: outcome.state, metAt: outcome.metAt, evidence: outcome.evidence };
        close = true;
        result[outcome.state === 'MET' ? 'met' : 'metLate']++;
        break;
      case 'cancelled':
        next = { ...ob, state: 'CANCELLED', evidence: outcome.evidence };
        close = true;
        result.cancelled++;
        break;
      case 'overdue': {
        const violation = violationOf(ob, outcome.evidence, now);
        if (await deps.repo.createViolation(violation)) result.violations++;
        // Sent even when the violation existed: a run that died before sending left them unsent.
        const stored = (await deps.repo.getViolation(region, ob.id)) ?? violation;
        outbox.push(...violationNotifications(stored));
        next = { ...ob, state: 'OVERDUE', evidence: outcome.evidence };
        break;
      }
      case 'still-overdue': {
        const stored = await deps.repo.getViolation(region, ob.id);
        if (stored) {
          const repeated = await recentOf(ob.party.code);
          const reason = escalationReason(stored, repeated, now, policy);
          if (reason && (await deps.repo.markViolation(region, ob.id, { escalatedAt: at, escalationReason: reason }))) {
            outbox.push(escalationNotification({ ...stored, escalatedAt: at, escalationReason: reason }));
            result.escalations++;
          }
        }
        if (outcome.close || outcome.evidence !== ob.evidence) next = { ...ob, evidence: outcome.evidence };
        close = outcome.close;
        break;
      }
    }
    if (outbox.length) {
      result.notifications += outbox.length;
      await deps.notify.send(outbox.splice(0));
    }
    if (!next) continue;
    const saved = await deps.repo.save({ ...next, evaluatedAt: at, version: ob.version + 1 }, ob.version, close);
    if (!saved) result.conflicts++;
  }
  return result;
}
