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

// ── TFOMS «Этапы 2–3» and «Этап 4: информирование» (shared/services/api/abonent.ts, smo-files.ts, informing-results.ts) ──

export type BatchId = '12' | '34';
export interface BatchDates {
  formOn: string;
  returnBy: string;
  registryBy: string;
  checkBy: string;
}
/** GET /v1/campaigns: each campaign with its batches' dates from the schedule in force. */
export interface CampaignWithPlan {
  id: string;
  name: string;
  referenceDate: string;
  active: boolean;
  plan: { examWindow: { from: string; to: string }; batches: Partial<Record<BatchId, BatchDates>> } | null;
}
/** x.2's deadline: 24:00 of `returnBy` on the region's clock. */
export interface ReturnDeadline {
  date: string;
  time: string;
  timeZone: string;
  at: string;
}
export type StageState = 'NOT_STARTED' | 'FORMING' | 'REGISTRY_OPEN' | 'APPROVED';
export interface StageView {
  campaignId: string;
  region: string;
  batch: BatchId;
  groups: string;
  schedule: BatchDates;
  state: StageState;
  stateLabel: string;
  history: Array<{ at: string; action: string; to: string; by: string; org: string; reason?: string }>;
  finalListReady: boolean;
  returnDeadline: ReturnDeadline;
  progress?: {
    mos: number;
    formed: number;
    empty: number;
    pending: number;
    failed: number;
    done: number;
    returned: number;
    late: number;
    failures: Array<{ mo: string; error?: string; attempts: number }>;
  };
}
export type ReturnState = 'NOTHING_TO_RETURN' | 'RETURNED' | 'RETURNED_LATE' | 'WAITING' | 'OVERDUE';
export interface StageMo {
  mo: string;
  name: string | null;
  fileId: string;
  status: 'PENDING' | 'FORMED' | 'EMPTY' | 'FAILED';
  rows: number | null;
  formedAt: string | null;
  lastAcceptedReturn: { receivedAt: string; status: string; accepted: number; withDate: number; loadedBy?: { org: string; onBehalf: boolean } } | null;
  error: string | null;
  returnState: ReturnState;
  returnStateLabel: string;
}
/** GET …/batches/{batch}/mos: one page in MO code order. */
export interface StageMosPage {
  returnDeadline: ReturnDeadline;
  mos: StageMo[];
  cursor: string | null;
}
export interface RegistryView extends StageView {
  registry: {
    formedAt: string;
    persons: number;
    withDate: number;
    withoutDate: number;
    byMark: Record<string, number>;
    mos: Array<{ mo: string; name: string | null; persons: number; returned: boolean; accepted: number; withDate: number; withoutDate: number }>;
    notReturned: string[];
  };
}
/** GET /v1/regions/{region}/smos (4.1). */
export interface SmoRegistry {
  region: string;
  smos: Array<{ code: string; name: string; state: 'ACTIVE' | 'ENDED'; stateLabel: string; registeredAt: string; activeSince: string; endedAt: string | null; headRegistered: boolean }>;
  notRegistered: Array<{ code: string; name: string }>;
}
export type SmoFileStatus = 'PENDING' | 'FORMED' | 'UNCHANGED' | 'EMPTY' | 'CANCELLED' | 'FAILED';
/** GET …/batches/{batch}/informing (4.2/4.4). */
export interface InformingView {
  registryState: StageState;
  registryStateLabel: string;
  run: { run: number; trigger: string; smos: string[]; completedAt: string | null } | null;
  progress: { smos: number; formed: number; unchanged: number; empty: number; cancelled: number; pending: number; failed: number; done: number; failures: Array<{ smo: string; error: string | null; attempts: number }> };
  smos: Array<{
    smo: string;
    name: string | null;
    inCurrentRun: boolean;
    status: SmoFileStatus;
    error: string | null;
    version: number | null;
    rows: number | null;
    formedAt: string | null;
    firstDownloadedAt: string | null;
    acknowledgedAt: string | null;
  }>;
  notRegistered: string[];
}
/** GET …/regions/{region}/informing-targets: informed shares by SMO. */
export interface RegionTargetsView {
  bySmo: Array<{ smo: string; name: string | null; total: { persons: number; informed: number; notInformed: number; share: number | null } }>;
}
