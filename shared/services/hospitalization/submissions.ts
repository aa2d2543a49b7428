import { logger } from '../../adapters/lambda/logger.js';
import { readSmallObject } from '../../adapters/s3.js';
import {
  applyFreeBeds,
  ContentTooLarge,
  getContent,
  putUpload,
  recordAccepted,
  recordRejected,
  type HospReceipt,
  type HospUpload,
  type ReceiptSource,
  type SubmitOutcome,
} from '../../adapters/store/hospitalization.js';
import type { CalendarFlag } from '../../calendar/production-calendar.js';
import { sniffText } from '../../inbox/head.js';
import { rejectWholeFile, runWholeFile, type WholeFileCheck } from '../../inbox/whole-file.js';
import { fileIssue, issueCounts } from '../../flk/codes.js';
import type { FlkIssue, Severity } from '../../flk/types.js';
import { validateSubmissionCsv } from '../../hospitalization/csv.js';
import { horizonOf, reportingDay } from '../../hospitalization/day.js';
import { parseHospitalizationKey, type HospitalizationAddress } from '../../hospitalization/keys.js';
import { hospIssue, hospLineIssue } from '../../hospitalization/rules.js';
import { SECTION_KEYS, validateSubmission, type SectionKey, type Submission, type ValidationContext, type ValidationResult } from '../../hospitalization/submission.js';
import type { FileRecord } from '../../ingest/file-record.js';
import { loadReferenceData } from '../../reference/load.js';
import type { MedicalOrganization, Region } from '../../reference/types.js';
import { currentCalendar } from '../calendar.js';
import { moRegistryOf } from '../mo-registry.js';
import { orgTypeOf, regionOfOrg } from '../../access/model.js';
import { moLookup } from '../../domain/mo-registry.js';

/**
 * The daily submission of an MO to the planned-hospitalization resource (DOMAIN.md §4, seed 004), by
 * API (JSON) or by file (CSV through a signed PUT URL): validated whole (every rule of
 * shared/hospitalization), then accepted whole or rejected whole. An accepted one becomes the
 * content in force for its day and the MO's figures in the region's free-beds view.
 */

/** Records (rows of all sections) in one submission: keeps the stored content far below DynamoDB's item limit. */
const MAX_RECORDS = 10_000;
/** Largest file an MO may upload (10 000 rows of the CSV form are well under 1 MB). */
export const maxFileBytes = (): number => Number(process.env.OMS_HOSPITALIZATION_MAX_BYTES ?? String(5 * 1024 * 1024));

export interface SubmissionContext {
  ctx: ValidationContext;
  region: Region;
  today: string;
  /** Set when the horizon reaches a year without a decree (a provisional calendar). */
  calendar?: CalendarFlag;
}

/**
 * Rules of the day for an MO at a receipt instant: reporting day, horizon, reference lookups. A
 * horizon reaching a year without a decree uses the provisional calendar (art. 112 ТК РФ) and says so.
 */
async function submissionContext(mo: MedicalOrganization, at: Date | string): Promise<SubmissionContext> {
  const ref = loadReferenceData();
  const region = ref.regions.get(mo.region);
  if (!region) throw new Error(`region ${mo.region} of MO ${mo.code} is not in the reference data`);
  const { today, forDate } = reportingDay(at, region.timeZone);
  const calendar = await currentCalendar();
  const horizon = horizonOf(calendar, today);
  const moOf = moLookup(region.code, (await moRegistryOf(region.code)).at(forDate), ref.mos);
  const flag = calendar.flagFor(horizon);
  return {
    region,
    today,
    ...(flag ? { calendar: flag } : {}),
    ctx: {
      mo,
      forDate,
      horizon,
      isBedProfile: (c) => ref.bedProfiles.has(c),
      isReason: (c) => ref.hospitalizationReasons.has(c),
      isMo: (c) => moOf(c) !== undefined,
    },
  };
}

/**
 * What a form needs to check a day as the server will (the console's live checks): the reporting
 * day, the free-beds horizon, the due instant and the sections this MO must send, on the region's
 * clock at `at`.
 */
export async function formDayOf(mo: MedicalOrganization, at: Date): Promise<{ region: Region; today: string; forDate: string; horizon: readonly string[]; calendar?: CalendarFlag }> {
  const { ctx, region, today, calendar } = await submissionContext(mo, at);
  return { region, today, forDate: ctx.forDate, horizon: ctx.horizon, ...(calendar ? { calendar } : {}) };
}

/** One finding as the API returns it: JSON path or file column, the section and its 1-based row. */
export interface ProtocolIssue {
  code: string;
  severity: Severity;
  field: string;
  /** Section of a record finding (JSON); null for the header and for file findings. */
  section: SectionKey | null;
  /** JSON: the record's number within its section (1-based); file: the physical line (header = 1); null for the whole. */
  row: number | null;
  value: string;
  message: string;
}

export interface SubmissionProtocol {
  mo: string;
  region: string;
  forDate: string;
  receivedAt: string;
  source: ReceiptSource;
  status: 'ACCEPTED' | 'REJECTED';
  /** What this submission did to the day (`unchanged`: identical to the content in force). */
  outcome: SubmitOutcome;
  /** Version of the content in force for the day after this submission (0: none accepted yet). */
  version: number;
  firstAcceptedAt: string | null;
  /** Records per section of this submission (accepted only). */
  counts: Partial<Record<SectionKey, number>>;
  errors: number;
  warnings: number;
  issues: ProtocolIssue[];
  /** «календарь предварительный»: the horizon of free beds reaches a year without a decree. */
  calendar?: CalendarFlag;
}

const PATH = /^(\w+)\[(\d+)\]/;

function protocolIssue(issue: FlkIssue): ProtocolIssue {
  const m = issue.line === 0 ? PATH.exec(issue.field) : null;
  const section = m && (SECTION_KEYS as string[]).includes(m[1]!) ? (m[1] as SectionKey) : null;
  return {
    code: issue.code,
    severity: issue.severity,
    field: issue.field,
    section,
    row: issue.line > 0 ? issue.line : section ? Number(m![2]) + 1 : null,
    value: issue.value,
    message: issue.message,
  };
}

/** Records in a JSON-shaped submission, counted before anything else is checked. */
function recordCount(input: unknown): number {
  if (typeof input !== 'object' || input === null) return 0;
  return SECTION_KEYS.reduce((n, k) => {
    const v = (input as Record<string, unknown>)[k];
    return n + (Array.isArray(v) ? v.length : 0);
  }, 0);
}

const tooMany = (n: number): string => `в сведениях ${n} записей, допустимо не больше ${MAX_RECORDS} за сутки; обратитесь в ТФОМС`;

function countsOf(submission: Submission): Partial<Record<SectionKey, number>> {
  const out: Partial<Record<SectionKey, number>> = {};
  for (const k of SECTION_KEYS) if (submission[k]) out[k] = submission[k]!.length;
  return out;
}

interface Received {
  mo: MedicalOrganization;
  region: Region;
  forDate: string;
  source: ReceiptSource;
  receivedAt: string;
  file?: { fileId: string; protocolCsvKey?: string; protocolXlsxKey?: string };
  calendar?: CalendarFlag;
}

/**
 * Stores the outcome of a validated submission: the receipt of its day and, when accepted, the
 * region's free-beds view (applied again on every accepted path, so a retry after a crash between
 * the two writes completes it). Returns the protocol for the caller.
 */
async function store(result: ValidationResult, r: Received): Promise<SubmissionProtocol> {
  const issues = result.issues;
  const base = { mo: r.mo.code, region: r.region.code, forDate: r.forDate, receivedAt: r.receivedAt, source: r.source, warnings: issueCounts(issues).warnings, ...(r.calendar ? { calendar: r.calendar } : {}) };
  const rejected = async (found: FlkIssue[]): Promise<SubmissionProtocol> => {
    const { errors: errs, warnings } = issueCounts(found);
    const receipt = await recordRejected({ region: r.region.code, mo: r.mo.code, forDate: r.forDate, source: r.source, receivedAt: r.receivedAt, errors: errs, file: r.file });
    return { ...base, status: 'REJECTED', outcome: 'rejected', version: receipt.version, firstAcceptedAt: receipt.firstAcceptedAt ?? null, counts: {}, errors: errs, warnings, issues: found.map(protocolIssue) };
  };
  if (!result.submission) return rejected(issues);

  const counts = countsOf(result.submission);
  let recorded;
  try {
    recorded = await recordAccepted({ region: r.region.code, mo: r.mo.code, forDate: r.forDate, source: r.source, receivedAt: r.receivedAt, submission: result.submission, counts, file: r.file });
  } catch (error) {
    if (!(error instanceof ContentTooLarge)) throw error;
    return rejected([...issues, hospIssue('H001', '', '', `сведения слишком велики для хранения (${error.message}); обратитесь в ТФОМС`)]);
  }
  // A superseded submission is not the content in force: the view shows the stored one.
  await showFreeBeds(recorded.receipt, recorded.outcome === 'superseded' ? undefined : result.submission);
  return { ...base, status: 'ACCEPTED', outcome: recorded.outcome, version: recorded.receipt.version, firstAcceptedAt: recorded.receipt.firstAcceptedAt ?? null, counts, errors: 0, issues: issues.map(protocolIssue) };
}

/** Puts the content in force of a receipt into the free-beds view (loads it when not given). */
async function showFreeBeds(receipt: HospReceipt, content: Submission | undefined): Promise<void> {
  if (!receipt.contentHash) return;
  const submission = content ?? (await getContent(receipt.mo, receipt.forDate, receipt.contentHash));
  if (!submission?.freeBeds) return;
  await applyFreeBeds({
    region: receipt.region,
    mo: receipt.mo,
    forDate: receipt.forDate,
    version: receipt.version,
    submittedAt: receipt.lastAcceptedAt ?? receipt.lastReceivedAt,
    rows: submission.freeBeds,
  });
}

/**
 * The MO of a path or key: a code of the MO registry (F003) in force at `at` on its region's
 * clock — on the reporting day (yesterday) or today, so an MO excluded from today still sends
 * yesterday's day and one included today is known at once.
 */
export async function knownMo(code: string, at: Date | string = new Date()): Promise<MedicalOrganization | undefined> {
  const region = loadReferenceData().regions.get(regionOfOrg(code) ?? '');
  if (!region || orgTypeOf(code) !== 'MO') return undefined;
  const { today, forDate } = reportingDay(at, region.timeZone);
  const registry = await moRegistryOf(region.code);
  return registry.at(forDate).get(code) ?? registry.at(today).get(code);
}

/** A JSON submission from the MO's system, received at `at` (DOMAIN.md §4). */
export async function submitJson(input: { mo: MedicalOrganization; body: unknown; at: Date }): Promise<SubmissionProtocol> {
  const { ctx, region, calendar } = await submissionContext(input.mo, input.at);
  const received: Received = { mo: input.mo, region, forDate: ctx.forDate, source: 'api', receivedAt: input.at.toISOString(), calendar };
  const n = recordCount(input.body);
  const result = n > MAX_RECORDS ? { issues: [hospIssue('H001', '', String(n), tooMany(n))] } : validateSubmission(input.body, ctx);
  const protocol = await store(result, received);
  logger.info('Hospitalization submission (API)', { mo: input.mo.code, forDate: ctx.forDate, status: protocol.status, outcome: protocol.outcome, errors: protocol.errors });
  return protocol;
}

// ---- files ----------------------------------------------------------------------------------------

const dataLines = (text: string): number => text.split('\n').slice(1).filter((l) => l.trim()).length;

/** The MO a file's key names (none when the registry does not know it), its reporting day, and the day's rules once known. */
interface UploadContext {
  address: HospitalizationAddress;
  mo?: MedicalOrganization;
  forDate: string;
  day?: SubmissionContext;
}

/**
 * An MO's submission file (CSV per shared/hospitalization/csv.ts), checked whole by
 * shared/inbox/whole-file.ts: decoded (windows-1251 or UTF-8), checked with the same rules as JSON,
 * stored the same way, and answered with a ФЛК protocol where stage 1 puts protocols (DOMAIN.md §9) and
 * in the MO's list of uploads. A rejected file is also the day's rejected receipt.
 */
export const HOSPITALIZATION_FILE: WholeFileCheck<UploadContext, ValidationResult, SubmitOutcome> = {
  kind: 'hospitalization',
  verdict: 'whole',
  // The reporting day from the region's clock alone: the production calendar may be what kept failing.
  context: async (file) => {
    const address = parseHospitalizationKey(file.key);
    if (!address) throw new Error(`${file.key} is not a hospitalization upload key`);
    const mo = await knownMo(address.mo, file.receivedAt);
    const region = mo && loadReferenceData().regions.get(mo.region);
    return { address, mo, forDate: region ? reportingDay(file.receivedAt, region.timeZone).forDate : '' };
  },
  start: async (file, context) => {
    logger.appendKeys({ mo: context.address.mo });
    if (!context.mo) return [hospLineIssue('H014', 0, 'CODE_MO', context.address.mo)];
    context.day = await submissionContext(context.mo, file.receivedAt);
    context.forDate = context.day.ctx.forDate;
    return undefined;
  },
  check: async (file, { day }) => {
    const bytes = (await readSmallObject(file.bucket, file.key)) ?? Buffer.alloc(0);
    const sniffed = sniffText(bytes);
    if (sniffed.notText) return { rows: 0, rejectedRows: 0, refused: true, issues: [fileIssue('F013', { detail: sniffed.notText })] };
    const { encoding } = sniffed;
    const text = new TextDecoder(encoding).decode(bytes);
    const rows = dataLines(text);
    const result: ValidationResult = rows > MAX_RECORDS + 1 ? { issues: [hospLineIssue('H001', 0, '', String(rows), tooMany(rows))] } : validateSubmissionCsv(text, day!.ctx);
    if (!result.submission) return { rows, rejectedRows: rows, refused: true, issues: result.issues, encoding };
    return { rows, rejectedRows: 0, issues: result.issues, accepted: result, encoding };
  },
  store: async (file, { mo, day }, result, answer) => {
    const file_ = { fileId: file.fileId, protocolCsvKey: answer.protocolCsvKey, protocolXlsxKey: answer.protocolXlsxKey };
    const protocol = await store(result, { mo: mo!, region: day!.region, forDate: day!.ctx.forDate, source: 'file', receivedAt: file.receivedAt, file: file_, calendar: day!.calendar });
    // Valid but not storable (too large): the protocol says so instead.
    if (protocol.status === 'REJECTED') return { refuse: hospLineIssue('H001', 0, '', '', 'сведения слишком велики для хранения; обратитесь в ТФОМС') };
    return { stored: protocol.outcome };
  },
  show: async (file, { address, mo, forDate, day }, answer, outcome) => {
    const { status, errors, warnings, protocolCsvKey, protocolXlsxKey, duplicateOf } = answer;
    const keys = { protocolCsvKey, protocolXlsxKey };
    const calendar = status === 'DUPLICATE' ? undefined : day?.calendar;
    if (status === 'REJECTED' && mo) {
      await recordRejected({ region: address.region, mo: mo.code, forDate, source: 'file', receivedAt: file.receivedAt, errors, file: { fileId: file.fileId, ...keys } });
    }
    const shown: SubmitOutcome = status === 'REJECTED' ? 'rejected' : status === 'DUPLICATE' ? 'unchanged' : outcome!;
    await putUpload({ mo: address.mo, fileId: file.fileId, name: file.name, key: file.key, forDate, receivedAt: file.receivedAt, status: status as HospUpload['status'], outcome: shown, errors, warnings, ...(duplicateOf ? { duplicateOf } : {}), ...keys, ...(calendar ? { calendar } : {}) });
  },
};

export const processHospitalizationFile = (fileId: string) => runWholeFile(HOSPITALIZATION_FILE, fileId);
/** Ends a file whose check failed for good (shared/services/ingest/verdicts.ts): REJECTED, beside the MO's other uploads. */
export const rejectHospitalizationFile = (file: FileRecord, issues: FlkIssue[]) => rejectWholeFile(HOSPITALIZATION_FILE, file, issues);
