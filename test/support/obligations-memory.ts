import type { Fact, Notification, Obligation, Violation } from '../../shared/obligations/model.js';
import type { FactSource, NotificationSink, ObligationRepo } from '../../shared/obligations/ports.js';

/**
 * In-memory ports of the evaluator with the same conditional semantics as the DynamoDB adapter
 * (version checks, create-once violations, set-once marks), for unit tests and the bench.
 */
export class MemoryObligations implements ObligationRepo, NotificationSink {
  readonly obligations = new Map<string, Obligation & { open: boolean }>();
  readonly violations = new Map<string, Violation>();
  private readonly sentById = new Map<string, Notification>();
  private readonly violationTimes = new Map<string, string[]>();
  private readonly openByRegion = new Map<string, Set<string>>();

  add(...obs: Obligation[]): void {
    for (const ob of obs) this.put(ob, true);
  }

  private put(ob: Obligation, open: boolean): void {
    this.obligations.set(ob.id, { ...ob, open });
    let set = this.openByRegion.get(ob.region);
    if (!set) this.openByRegion.set(ob.region, (set = new Set()));
    if (open) set.add(ob.id);
    else set.delete(ob.id);
  }

  async openOf(region: string): Promise<Obligation[]> {
    return [...(this.openByRegion.get(region) ?? [])].map((id) => {
      const { open: _open, ...ob } = this.obligations.get(id)!;
      return ob;
    });
  }

  async save(ob: Obligation, expectedVersion: number, close: boolean): Promise<boolean> {
    const current = this.obligations.get(ob.id);
    if (!current || current.version !== expectedVersion) return false;
    this.put(ob, !close && (ob.state === 'OPEN' || ob.state === 'OVERDUE'));
    return true;
  }

  async createViolation(v: Violation): Promise<boolean> {
    if (this.violations.has(v.obligationId)) return false;
    this.violations.set(v.obligationId, { ...v });
    const times = this.violationTimes.get(v.party.code) ?? [];
    times.push(v.detectedAt);
    this.violationTimes.set(v.party.code, times);
    return true;
  }

  async getViolation(_region: string, obligationId: string): Promise<Violation | undefined> {
    const v = this.violations.get(obligationId);
    return v && { ...v };
  }

  async markViolation(_region: string, obligationId: string, changes: Partial<Violation>): Promise<boolean> {
    const v = this.violations.get(obligationId);
    const field = 'resolvedAt' in changes ? 'resolvedAt' : 'escalatedAt';
    if (!v || v[field]) return false;
    Object.assign(v, changes);
    return true;
  }

  async violationsOfOrgSince(org: string, since: string): Promise<number> {
    return (this.violationTimes.get(org) ?? []).filter((t) => t >= since).length;
  }

  async send(notifications: Notification[]): Promise<void> {
    // Same id = the same message (the real sink overwrites by id).
    for (const n of notifications) this.sentById.set(n.id, n);
  }

  /** Notifications delivered, each id once, in first-sent order. */
  get sent(): Notification[] {
    return [...this.sentById.values()];
  }

  state(id: string): Obligation['state'] | undefined {
    return this.obligations.get(id)?.state;
  }
}

/** Facts from a map keyed by obligation id; a missing entry is «not met». */
export function factsFrom(facts: Map<string, Fact> | ((ob: Obligation) => Fact)): FactSource {
  return {
    async factsFor(_region, obligations) {
      const out = new Map<string, Fact>();
      for (const ob of obligations) {
        const fact = typeof facts === 'function' ? facts(ob) : facts.get(ob.id);
        if (fact) out.set(ob.id, fact);
      }
      return out;
    },
  };
}
