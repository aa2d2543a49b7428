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
