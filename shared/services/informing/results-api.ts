import type { Campaign } from '../../domain/records.js';
import type { FlkIssue } from '../../flk/types.js';
import { KeyRuns } from '../../informing/key-runs.js';
import { loadInformingCodes } from '../../informing/result-codes.js';
import { API_FIELDS, type AcceptedResult, type RawResult, type ResultContext } from '../../informing/result-rows.js';
import { loadReferenceData } from '../../reference/load.js';
import { iterate } from '../ingest/protocol.js';
import { checkRows, duplicateIssuesOf, registryLookups, smoToday } from './results-check.js';
import { storeAndRecompute } from './results-store.js';

/** Rows of one API request. */
export const MAX_API_ROWS = 5000;

export interface ApiResultRow {
  enp?: unknown;
  date?: unknown;
  channel?: unknown;
  result?: unknown;
}

export interface RejectedRow {
  row: number;
  issues: Array<Pick<FlkIssue, 'field' | 'value' | 'code' | 'message'>>;
}

export interface SubmitOutcome {
  received: number;
  accepted: number;
  rejected: number;
  /** Of the accepted: new or changed days, and days the same (or a later) report already says. */
  stored: number;
  unchanged: number;
  rejectedRows: RejectedRow[];
}

const text = (v: unknown): string => (v === undefined || v === null ? '' : String(v));

/**
 * A JSON batch of results from the SMO's system: the same rules as a file (rows numbered from 1 in
 * request order, fields named as in JSON). Valid rows are stored whatever the others (no error
 * threshold: the caller gets every rejected row back with its reasons and can resend them).
 */
export async function submitResults(input: { smo: string; campaign: Campaign; rows: readonly ApiResultRow[]; requestId: string; at: Date }): Promise<SubmitOutcome> {
  const ctx: ResultContext = {
    ref: loadReferenceData(),
    codes: loadInformingCodes(),
    campaign: input.campaign,
    smo: input.smo,
    today: smoToday(input.smo, input.at),
    names: API_FIELDS,
  };
  const issues = new Map<number, FlkIssue[]>();
  const accepted: AcceptedResult[] = [];
  const keys = new KeyRuns();
  const raws = input.rows.map((r, i): RawResult => ({ line: i + 1, enp: text(r.enp), date: text(r.date), channel: text(r.channel), result: text(r.result) }));
  await checkRows(iterate([raws]), ctx, registryLookups(input.campaign.id), { issue: (i) => void issues.set(i.line, [...(issues.get(i.line) ?? []), i]), accept: (r) => void accepted.push(r) }, keys);
  const duplicates = await keys.duplicates();
  for (const issue of duplicateIssuesOf(duplicates, API_FIELDS)) issues.set(issue.line, [issue]);
  const at = input.at.toISOString();
  const stored = await storeAndRecompute(iterate(accepted), new Set(duplicates.map((d) => d.line)), {
    campaignId: input.campaign.id,
    smo: input.smo,
    order: `${at}#${input.requestId}`,
    receivedAt: at,
    source: 'api',
    sourceId: input.requestId,
  });
  const rejectedRows = [...issues.entries()]
    .sort(([a], [b]) => a - b)
    .map(([row, list]) => ({ row, issues: list.map(({ field, value, code, message }) => ({ field, value, code, message })) }));
  return {
    received: raws.length,
    accepted: raws.length - rejectedRows.length,
    rejected: rejectedRows.length,
    stored: stored.stored,
    unchanged: stored.unchanged,
    rejectedRows,
  };
}
