/**
 * Response bodies the console reads. The OpenAPI document types paths, parameters and request
 * bodies; these mirror what the handlers return (shared/services/api/*).
 */
export type OrgType = 'FOMS' | 'TFOMS' | 'MO' | 'SMO';

export interface Me {
  snils: string;
  fio: string;
  org: string;
  orgType: OrgType;
  orgName: string | null;
  region: string | null;
  regionName: string | null;
  timeZone: string;
  isHead: boolean;
  grants: Array<{ authority: 'A' | 'B'; role: string }>;
  authorities: Record<string, string>;
}

export type ObligationState = 'OPEN' | 'MET' | 'MET_LATE' | 'OVERDUE' | 'CANCELLED';

export interface Obligation {
  id: string;
  kind: string;
  region: string;
  timeZone: string;
  title: string;
  campaignId?: string;
  step?: string;
  dueDate: string;
  dueTime: string;
  dueAt: string;
  state: ObligationState;
  stateLabel: string;
  evidence?: string;
  /** Present when the deadline falls in a year with no decree loaded (art. 112 ТК РФ only). */
  calendar?: { provisional: true; years: number[]; note: string };
}

export interface Violation {
  obligationId: string;
  region: string;
  title: string;
  dueAt: string;
  dueLabel: string;
  detectedAt: string;
  evidence: string;
  escalatedAt?: string;
  resolvedAt?: string;
}
