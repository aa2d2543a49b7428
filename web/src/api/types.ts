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

// — Access (seed 003): «Пользователи и роли», «Документы», «Документы на рассмотрении», «Журнал аудита» —

export type Authority = 'A' | 'B';
export type Role = 'Ввод данных' | 'Согласование' | 'Утверждение' | 'Просмотр';
export interface Grant {
  authority: Authority;
  role: Role;
}

/** A user as GET /v1/orgs/{org}/users lists them (shared/services/api/users.ts view). */
export interface OrgUser {
  snils: string;
  fio: string;
  org: string;
  isHead: boolean;
  active: boolean;
  grants: Grant[];
}

export type DocumentStatus = 'draft' | 'approved' | 'signed' | 'sent' | 'accepted' | 'rejected';

export interface DocumentHistoryEntry {
  action: 'create' | 'edit' | 'approve' | 'return' | 'sign' | 'send' | 'accept' | 'reject';
  from?: DocumentStatus;
  to: DocumentStatus;
  by: string;
  byOrg: string;
  at: string;
  comment?: string;
}

export interface RegistryFields {
  name?: string;
  primaryCare?: boolean;
  dayHospital?: boolean;
  specializedInpatient?: boolean;
}
export type NotificationPayload = { type: 'include' | 'exclude' | 'change'; mo: string; effectiveDate: string; data?: RegistryFields };
export type RequestPayload = { type: 'register' | 'change-authorities' | 'end-access'; user: { snils: string; fio: string }; grants?: Grant[] };

/** What accepting a document changes (shared/access/effects.ts), while it is undecided. */
export interface DocumentEffects {
  kind: Authority;
  type: string;
  changes: string[];
  refused?: string;
}

/** A seed 003 document (shared/access/documents.ts OmsDocument) as the document routes answer it. */
export interface OmsDocument {
  docId: string;
  org: string;
  region: string;
  kind: Authority;
  status: DocumentStatus;
  payload: NotificationPayload | RequestPayload;
  attachments: Array<{ key: string; name: string; size?: number; uploadedBy: string; at: string }>;
  history: DocumentHistoryEntry[];
  version: number;
  updatedAt: string;
  effects?: DocumentEffects | null;
}

/** GET /v1/regions/{region}/documents: one document waiting for the TFOMS's decision. */
export interface PendingDocument {
  docId: string;
  org: string;
  kind: Authority;
  sentAt: string;
  type: string;
  effects: DocumentEffects;
}

/** GET /v1/orgs/{org}/audit: one access (shared/adapters/store/audit.ts). */
export interface AuditRecord {
  at: string;
  actor: string;
  org: string;
  action: string;
  subject: string;
  reason: string;
  requestId?: string;
}
// ---- FOMS screens («Ход кампании по регионам», «Нарушения», «График кампании») ----

export type StepState = 'OPEN' | 'MET' | 'MET_LATE' | 'OVERDUE' | 'CANCELLED' | 'UNPLANNED';

/** GET /v1/campaigns/{c}/progress (shared/obligations/progress.ts). */
export interface StepProgress {
  step: string;
  title: string;
  party: OrgType;
  batch?: '12' | '34';
  dueDate: string;
  dueTime: string;
  dueAt: string;
  state: StepState;
  metAt?: string;
  overdue: number;
  late: number;
  evidence?: string;
}
export interface RegionProgress {
  region: string;
  name: string;
  timeZone: string;
  planned: boolean;
  steps: StepProgress[];
  counts: Record<StepState, number>;
}
export interface CampaignProgress {
  campaignId: string;
  scheduleVersion: number;
  regions: RegionProgress[];
}

/** A violation as GET /v1/regions/{r}/violations returns it (with the party and escalation reason). */
export interface RegionViolation extends Violation {
  party: { type: OrgType; code: string };
  escalationReason?: string;
}

/** GET /v1/orgs/{org}/notifications. */
export interface OrgNotification {
  id: string;
  kind: 'violation' | 'escalation';
  to: string;
  at: string;
  region: string;
  obligationId: string;
  subject: string;
  text: string;
}

/** GET /v1/campaigns/{c}/informing-targets: the share informed by region. */
export interface FederalTargets {
  campaignId: string;
  total: { persons: number; informed: number; share: number | null };
  byRegion: Array<{ region: string; name: string | null; smos: number; computedAt: string | null; total: { persons: number; informed: number; share: number | null } }>;
  definition: string;
}

/** GET /v1/campaigns/{c}/schedule. */
export type DueRule = { date: string; time?: string } | { workingDaysAfter: string; days: number; time?: string } | { nthOfNextMonth: number; after: string; time?: string };
export interface ScheduleStep {
  step: string;
  title: string;
  party: OrgType;
  batch?: '12' | '34';
  due?: DueRule;
  metBy: string;
}
export interface CampaignScheduleView {
  schedule: { campaignId: string; source?: string; steps: ScheduleStep[] };
  version: number;
  source: 'loaded' | 'shipped-file';
  loadedAt: string | null;
  loadedBy: string | null;
  versions: Array<{ version: number; loadedAt: string; loadedBy: string }>;
}
// ---- «Плановая госпитализация» (MO) and «Госпитализация» (TFOMS): shared/services/api/hospitalization.ts ----

export type HospSection = 'freeBeds' | 'hospitalized' | 'emergency' | 'notHospitalized' | 'referredIn' | 'referralsIssued';
export interface CodeName {
  code: string;
  name: string;
}

/** GET /v1/orgs/{org}/hospitalization/form: what the form checks a day with. */
export interface HospFormDay {
  mo: { code: string; name: string; region: string; primaryCare: boolean; dayHospital: boolean; specializedInpatient: boolean };
  timeZone: string;
  today: string;
  forDate: string;
  dueAt: string;
  horizon: string[];
  sections: HospSection[];
  bedProfiles: CodeName[];
  reasons: CodeName[];
  columns: string[];
  calendar?: { note: string };
}

/** A finding of the server's protocol (shared/services/hospitalization/submissions.ts ProtocolIssue). */
export interface HospIssue {
  code: string;
  severity: 'error' | 'warning';
  field: string;
  section: HospSection | null;
  row: number | null;
  value: string;
  message: string;
}

/** POST …/hospitalization/submissions: the receipt (200) or the refusal (422). */
export interface HospReceipt {
  mo: string;
  forDate: string;
  receivedAt: string;
  status: 'ACCEPTED' | 'REJECTED';
  outcome: 'created' | 'replaced' | 'unchanged' | 'superseded' | 'rejected';
  version: number;
  firstAcceptedAt: string | null;
  counts: Partial<Record<HospSection, number>>;
  errors: number;
  warnings: number;
  issues: HospIssue[];
  calendar?: { note: string };
}

type ProtocolLinks = { csvUrl: string; xlsxUrl: string } | null;

/** GET …/hospitalization/submissions: the MO's days and files. */
export interface HospHistory {
  from: string;
  to: string;
  days: Array<{
    forDate: string;
    status: 'ACCEPTED' | 'REJECTED';
    source: 'api' | 'file';
    firstAcceptedAt?: string;
    lastAcceptedAt?: string;
    lastReceivedAt: string;
    version: number;
    counts?: Partial<Record<HospSection, number>>;
    lastErrors?: number;
    protocol: ProtocolLinks;
  }>;
  files: Array<{
    fileId: string;
    name: string;
    forDate: string;
    receivedAt: string;
    status: 'ACCEPTED' | 'REJECTED' | 'DUPLICATE';
    outcome: HospReceipt['outcome'];
    errors: number;
    warnings: number;
    protocol: ProtocolLinks;
  }>;
}

export type ComplianceStatus = 'в срок' | 'с опозданием' | 'нет сведений';

/** GET /v1/regions/{region}/hospitalization/compliance: one page of the day's MOs. */
export interface CompliancePage {
  region: string;
  regionName: string;
  timeZone: string;
  forDate: string;
  dueAt: string;
  asOf: string;
  counts: Record<ComplianceStatus, number>;
  rows: Array<{ mo: string; name: string; submittedAt: string | null; status: ComplianceStatus; note?: string }>;
  cursor: string | null;
  report: { url: string } | null;
  calendar?: { note: string };
}

/** GET /v1/regions/{region}/hospitalization/free-beds: totals by profile and one page of MO rows. */
export interface FreeBedsPage {
  date: string;
  profile: string | null;
  beds: Array<{ profile: string; profileName: string | null; mo: string; moName: string | null; free: number; releaseDate: string | null; forDate: string; submittedAt: string }>;
  cursor: string | null;
  totals: Array<{ profile: string; profileName: string | null; free: number; mos: number }>;
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
export interface CampaignWithPlan extends Campaign {
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
// ---- SMO screens («Файлы информирования», «Результаты информирования», «Целевые показатели») ----

/** One version of an SMO's informing file (shared/services/api/smo-files.ts versionView). */
export interface InformingFile {
  fileId: string;
  smo: string;
  campaignId: string;
  region: string;
  batch: '12' | '34';
  groups: string;
  version: number;
  /** Whether this is the batch's latest version (null: unknown). */
  current: boolean | null;
  rows: number;
  byGroup: Record<string, number>;
  formedAt: string;
  formats: Array<'xlsx' | 'csv' | 'changes'>;
  changes: { previousVersion: number; added: number; removed: number; dateChanged: number } | null;
  downloaded: boolean;
  downloadedByMe: boolean;
  firstDownloadedAt: string | null;
  acknowledged: boolean;
  acknowledgedAt: string | null;
}

/** A results file as GET …/informing-results/{campaignId}/uploads lists it. */
export interface ResultsUpload {
  fileId: string;
  name: string;
  receivedAt: string;
  status: string;
  rows?: number;
  acceptedRows?: number;
  rejectedRows?: number;
  errors?: number;
  stored?: number;
  unchanged?: number;
  protocol: { csvUrl: string; xlsxUrl: string } | null;
}

/** Figures of seed 002's targets (shared/informing/targets.ts). */
export interface TargetFigures {
  persons: number;
  informed: number;
  notInformed: number;
  share: number | null;
  series: Array<{ date: string; informed: number; share: number | null }>;
  byChannel: Record<string, number>;
  notInformedByLastResult: Record<string, number>;
}

export interface SmoTargets {
  campaignId: string;
  smo: string;
  name: string | null;
  region: string;
  batches: Array<{ batch: '12' | '34'; groups: string; state: 'NOT_APPROVED' | 'COMPUTING' | 'UPDATING' | 'CURRENT'; computedAt: string | null }>;
  total: TargetFigures;
  byGroup: Record<string, TargetFigures>;
  definition: string;
}

/** A person of the SMO not yet informed (shared/services/informing/results-targets.ts OpenPerson). */
export interface NotInformedPerson {
  enp: string;
  fio: string | null;
  dr: string | null;
  phone: string | null;
  mo: string;
  group: number;
  batch: '12' | '34';
  plannedDate: string;
  time: string | null;
  lastAttempt: { date: string; channel: string; channelName: string; result: string; resultName: string } | null;
}

export interface TargetReport {
  reportId: string;
  state: 'PENDING' | 'READY' | 'FAILED';
  requestedAt: string;
  readyAt?: string;
  error?: string;
  url: string | null;
}

export interface Campaign {
  id: string;
  name: string;
  active: boolean;
  /** ГГГГ-ММ-ДД: the date the campaign's lists are drawn up for. */
  referenceDate: string;
}
