import type { Fact, Notification, Obligation, Violation } from './model.js';

/**
 * What evaluation needs from the outside, as interfaces: DynamoDB/S3/SQS adapters in
 * shared/adapters/, in-memory ones in the bench and tests. Every write is single-item and
 * conditional, so a re-run or a concurrent run changes nothing twice.
 */
export interface ObligationRepo {
  /** Open and overdue obligations of a region (those evaluation still looks at). */
  openOf(region: string): Promise<Obligation[]>;
  /** Writes a changed obligation if nobody changed it since `expectedVersion`. */
  save(ob: Obligation, expectedVersion: number, close: boolean): Promise<boolean>;
  /** Creates the violation of an obligation once; false when it already exists. */
  createViolation(v: Violation): Promise<boolean>;
  getViolation(region: string, obligationId: string): Promise<Violation | undefined>;
  /** Sets escalation or resolution fields once (conditional on them being absent). */
  markViolation(region: string, obligationId: string, changes: Pick<Violation, 'escalatedAt' | 'escalationReason'> | Pick<Violation, 'resolvedAt'>): Promise<boolean>;
  /** How many violations an organization got since an instant. */
  violationsOfOrgSince(org: string, since: string): Promise<number>;
}

export interface FactSource {
  /** Facts for a region's obligations, read in as few calls as the kinds allow. */
  factsFor(region: string, obligations: Obligation[], now: Date): Promise<Map<string, Fact>>;
}

export interface NotificationSink {
  send(notifications: Notification[]): Promise<void>;
}
