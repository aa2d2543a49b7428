import type { BatchId, Campaign, IsoDate } from '../domain/records.js';
import { rowIssue, type RowCode } from '../flk/codes.js';
import { clean, enpRegionNumber, isoOfRu, packIso, parseEnp, parseRuDate, regionTable, ruOfIso } from '../flk/fields.js';
import { checkHeader } from '../flk/header.js';
import type { FlkIssue, HeaderResult } from '../flk/types.js';
import type { ReferenceData } from '../reference/types.js';
import { listText, type InformingCodes } from './result-codes.js';

/**
 * Informing results of an SMO (DOMAIN.md §3.7): one row per person and day the SMO informed (or tried
 * to inform) — ЕНП, date, channel, result. The same rules serve a file (columns below, lines of
 * the file) and the JSON API (fields `enp`, `date`, `channel`, `result`; row = position in the
 * request from 1). Findings are ФЛК issues with Russian messages naming row, field, value and rule.
 */
/** Rows checked together (one registry lookup, one block of a file); memory holds one block. */
export const BLOCK_ROWS = 500;

export const RESULT_COLUMNS = ['ENP', 'DATE_INF', 'CHANNEL', 'RESULT'] as const;
export type ResultColumn = (typeof RESULT_COLUMNS)[number];

export function checkResultsHeader(fields: readonly string[]): HeaderResult<ResultColumn> {
  return checkHeader(fields, { columns: RESULT_COLUMNS, required: RESULT_COLUMNS });
}

/** How the four values are named in findings: the file's columns or the API's JSON fields. */
export interface FieldNames {
  enp: string;
  date: string;
  channel: string;
  result: string;
}
export const FILE_FIELDS: FieldNames = { enp: 'ENP', date: 'DATE_INF', channel: 'CHANNEL', result: 'RESULT' };
export const API_FIELDS: FieldNames = { enp: 'enp', date: 'date', channel: 'channel', result: 'result' };

/** One row as received (texts), with its row number. */
export interface RawResult {
  line: number;
  enp: string;
  date: string;
  channel: string;
  result: string;
  /** Found before the values could be read (R017: another field count): the row is not checked further. */
  failed?: FlkIssue[];
}

/** A row that passed every check, normalized: ISO date, canonical codes. */
export interface ValidResult {
  line: number;
  enp: string;
  date: IsoDate;
  channel: string;
  result: string;
}

/** What the registry says about a person of the campaign (the `PLAN#` entry of stages 2–3). */
export interface PlanFacts {
  enp: string;
  region: string;
  batch: BatchId;
  mo: string;
  smo: string;
  group: number;
  /** Planned examination date; only persons with one are informed (and counted). */
  date?: IsoDate;
  /** The export lists a ХНИЗ under dispensary observation for the person (seed 002, Мероприятие 4). */
  dispensary?: boolean;
}

/** A result ready to store: the row plus the registry facts it is filed under. */
export interface AcceptedResult extends ValidResult {
  region: string;
  batch: BatchId;
  mo: string;
  group: number;
  dispensary?: boolean;
}

export interface ResultContext {
  ref: ReferenceData;
  codes: InformingCodes;
  campaign: Campaign;
  /** The SMO reporting: only its own persons are accepted. */
  smo: string;
  /** ISO date of receipt on the SMO's regional clock: later dates are «in the future». */
  today: IsoDate;
  names: FieldNames;
}

/** Looks persons up in the registry and tells whether a region batch is approved (x.5). */
export interface ResultLookups {
  plans(enps: readonly string[]): Promise<ReadonlyMap<string, PlanFacts>>;
  approved(region: string, batch: BatchId): Promise<boolean>;
}

/**
 * The checks of one row that need nothing but the row: required values, ЕНП (format, Luhn,
 * region code), date (format, calendar, not after `today`), channel and result from the lists.
 */
/** What the row checks found: always the same shape (the hot path builds one per row). */
export interface RowCheck {
  row: ValidResult | undefined;
  issues: FlkIssue[];
  /** The ЕНП, trimmed, when well formed (a registry lookup is worth it). */
  enp: string | undefined;
  dateIso: IsoDate | undefined;
}

const NO_ISSUES: FlkIssue[] = [];
Object.freeze(NO_ISSUES);

export function makeRowChecker(ctx: ResultContext): (raw: RawResult) => RowCheck {
  const regions = regionTable(ctx.ref);
  const today = packIso(ctx.today);
  const todayRu = ruOfIso(ctx.today);
  const channels = listText(ctx.codes.channels);
  const results = listText(ctx.codes.results);
  const n = ctx.names;
  return (raw) => {
    if (raw.failed) return { row: undefined, issues: raw.failed, enp: undefined, dateIso: undefined };
    let issues = NO_ISSUES;
    const report = (code: RowCode, field: string, value: string, detail?: string) => {
      if (issues === NO_ISSUES) issues = [];
      issues.push(rowIssue(code, raw.line, field, value, detail));
    };

    const enp = clean(raw.enp);
    let enpOk = false;
    if (!enp) report('R001', n.enp, '');
    else {
      const problem = parseEnp(enp);
      if (problem === 'format') report('R002', n.enp, enp);
      else if (problem === 'checksum') report('R003', n.enp, enp);
      else if (!regions[enpRegionNumber(enp)]) report('R004', n.enp, enp, enp.slice(0, 2));
      else enpOk = true;
    }

    const dateText = clean(raw.date);
    let dateIso: IsoDate | undefined;
    if (!dateText) report('R001', n.date, '');
    else {
      const ru = /^\d{4}-\d{2}-\d{2}$/.test(dateText) ? ruOfIso(dateText) : dateText;
      const parsed = parseRuDate(ru);
      if (parsed === 'format') report('R008', n.date, dateText);
      else if (parsed === 'calendar') report('R009', n.date, dateText);
      else if (parsed > today) report('R010', n.date, dateText, todayRu);
      else dateIso = isoOfRu(ru);
    }

    const channelText = clean(raw.channel);
    const channel = channelText ? ctx.codes.channel(channelText) : undefined;
    if (!channelText) report('R001', n.channel, '');
    else if (!channel) report('R033', n.channel, channelText, channels);

    const resultText = clean(raw.result);
    const result = resultText ? ctx.codes.result(resultText) : undefined;
    if (!resultText) report('R001', n.result, '');
    else if (!result) report('R034', n.result, resultText, results);

    const okEnp = enpOk ? enp : undefined;
    if (issues.length) return { row: undefined, issues, enp: okEnp, dateIso };
    return { row: { line: raw.line, enp, date: dateIso!, channel: channel!.code, result: result!.code }, issues, enp: okEnp, dateIso };
  };
}

/** What one block of rows came to, in row order. */
export interface CheckedRow {
  line: number;
  accepted?: AcceptedResult;
  issues: FlkIssue[];
}

/**
 * Checks one block of rows (the caller chooses its size; memory is one block): the row checks,
 * then one registry lookup for the block — the person must be one of this SMO's persons of the
 * campaign with a planned date (the persons of its informing files), in a batch whose registry is
 * approved, and the date not before the batch began.
 * Duplicates of a person and date are the caller's (they may span blocks).
 */
export async function checkBlock(block: readonly RawResult[], ctx: ResultContext, lookups: ResultLookups): Promise<CheckedRow[]> {
  const check = checkerOf(ctx);
  const first = block.map(check);
  const enps = new Set<string>();
  for (const r of first) if (r.enp) enps.add(r.enp);
  const plans = enps.size ? await lookups.plans([...enps]) : new Map<string, PlanFacts>();
  // One look at each region batch's state per block (usually one or two).
  const approved = new Map<string, boolean>();
  for (const plan of plans.values()) {
    const key = `${plan.region}#${plan.batch}`;
    if (!approved.has(key)) approved.set(key, await lookups.approved(plan.region, plan.batch));
  }
  const out: CheckedRow[] = new Array(block.length);
  for (let i = 0; i < block.length; i++) {
    const r = first[i]!;
    const line = block[i]!.line;
    let issues = r.issues;
    let accepted: AcceptedResult | undefined;
    if (r.enp) {
      const plan = plans.get(r.enp);
      let finding: FlkIssue | undefined;
      if (!plan || plan.smo !== ctx.smo || !plan.date) finding = rowIssue('R035', line, ctx.names.enp, r.enp, ctx.smo);
      else if (!approved.get(`${plan.region}#${plan.batch}`)) finding = rowIssue('R038', line, ctx.names.enp, r.enp, `${plan.batch} региона ${plan.region}`);
      else {
        const start = ctx.campaign.plan?.batches[plan.batch]?.formOn ?? ctx.campaign.referenceDate;
        if (r.dateIso && r.dateIso < start) finding = rowIssue('R036', line, ctx.names.date, clean(block[i]!.date), `партия ${plan.batch} начата ${ruOfIso(start)}`);
        else if (r.row) {
          const v = r.row;
          accepted = { line: v.line, enp: v.enp, date: v.date, channel: v.channel, result: v.result, region: plan.region, batch: plan.batch, mo: plan.mo, group: plan.group };
          if (plan.dispensary) accepted.dispensary = true;
        }
      }
      if (finding) issues = [...issues, finding];
    }
    out[i] = { line, accepted, issues };
  }
  return out;
}

/** The row checker of a context, made once (its lists and tables are built per context). */
const checkers = new WeakMap<ResultContext, ReturnType<typeof makeRowChecker>>();
function checkerOf(ctx: ResultContext): ReturnType<typeof makeRowChecker> {
  let check = checkers.get(ctx);
  if (!check) checkers.set(ctx, (check = makeRowChecker(ctx)));
  return check;
}

/** R037: the row repeats the person and date of an earlier row of the same file or request. */
export function duplicateResultIssue(line: number, names: FieldNames, enp: string, date: string, firstLine: number): FlkIssue {
  return rowIssue('R037', line, `${names.enp}, ${names.date}`, `${enp} ${ruOfIso(date)}`, String(firstLine));
}
