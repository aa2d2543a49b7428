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
