import { plansOf } from '../../adapters/store/informing-results.js';
import { personsByEnp } from '../../adapters/store/persons.js';
import { getStage } from '../../adapters/store/stages.js';
import { localDate, MOSCOW } from '../../domain/time.js';
import type { FlkIssue } from '../../flk/types.js';
import type { KeyRuns } from '../../informing/key-runs.js';
import { BLOCK_ROWS, checkBlock, duplicateResultIssue, type AcceptedResult, type FieldNames, type PlanFacts, type RawResult, type ResultContext, type ResultLookups } from '../../informing/result-rows.js';
import { loadReferenceData } from '../../reference/load.js';

/**
 * The row check of SMO informing results (DOMAIN.md §3.7), shared by files and the API: the rules of
 * shared/informing/result-rows.ts block by block, with the registry looked up once per block.
 */

/** Lookups of one file or request: a region batch's approval is read once, not once per block. */
export function registryLookups(campaignId: string): ResultLookups {
  const approved = new Map<string, Promise<boolean>>();
  return {
    plans: (enps) => plansWithDispensary(enps, campaignId),
    approved: (region, batch) => {
      const key = `${region}#${batch}`;
      if (!approved.has(key)) approved.set(key, getStage({ campaignId, region, batch }).then((stage) => stage?.state === 'APPROVED'));
      return approved.get(key)!;
    },
  };
}

/**
 * Registry entries with the seed 002 flag: whether the export lists a ХНИЗ under dispensary
 * observation for the person (dispensary-icd10.csv), as known when the result arrives.
 */
async function plansWithDispensary(enps: readonly string[], campaignId: string): Promise<Map<string, PlanFacts>> {
  const [plans, persons] = await Promise.all([plansOf(enps, campaignId), personsByEnp(enps)]);
  const ref = loadReferenceData();
  for (const [enp, plan] of plans) if (persons.get(enp)?.dsChronic?.some((code) => ref.isDispensaryDisease(code))) plan.dispensary = true;
  return plans;
}

/** «Today» for an SMO: the day of `at` on its region's clock. */
export function smoToday(smo: string, at: Date | string): string {
  return localDate(at, loadReferenceData().regions.get(smo.slice(0, 2))?.timeZone ?? MOSCOW);
}

/** What one pass over the rows found; issues and accepted rows went to the sinks. */
export interface CheckTotals {
  rows: number;
  errorRows: number;
  errors: number;
  accepted: number;
}

/** Where a check pass puts what it finds (work-bucket streams for files, arrays for the API). */
export interface CheckSinks {
  issue(issue: FlkIssue): Promise<void> | void;
  accept(row: AcceptedResult): Promise<void> | void;
}

/**
 * One pass over the rows of a results file or request (given in arrays, e.g. one per decoded block
 * of the file): row checks and registry lookups block by block, findings in row order to
 * `sinks.issue`, rows that passed to `sinks.accept` and their person+day keys to `keys`
 * (duplicates are found from those afterwards). A sink that returns nothing costs no await.
 */
export async function checkRows(rows: AsyncIterable<readonly RawResult[]>, ctx: ResultContext, lookups: ResultLookups, sinks: CheckSinks, keys: KeyRuns): Promise<CheckTotals> {
  const totals: CheckTotals = { rows: 0, errorRows: 0, errors: 0, accepted: 0 };
  let block: RawResult[] = [];
  const flush = async () => {
    for (const checked of await checkBlock(block, ctx, lookups)) {
      for (const issue of checked.issues) {
        const pending = sinks.issue(issue);
        if (pending) await pending;
      }
      if (checked.issues.length) {
        totals.errorRows++;
        totals.errors += checked.issues.length;
      } else if (checked.accepted) {
        totals.accepted++;
        const pending = sinks.accept(checked.accepted);
        if (pending) await pending;
        const spilling = keys.add(checked.accepted.enp, checked.accepted.date, checked.line);
        if (spilling) await spilling;
      }
    }
    block = [];
  };
  for await (const part of rows) {
    for (const raw of part) {
      totals.rows++;
      block.push(raw);
      if (block.length >= BLOCK_ROWS) await flush();
    }
  }
  if (block.length) await flush();
  return totals;
}

/** F-findings for rows repeating an earlier row's person and day (KeyRuns.duplicates), in row order. */
export function duplicateIssuesOf(duplicates: ReadonlyArray<{ key: string; line: number; firstLine: number }>, names: FieldNames): FlkIssue[] {
  return duplicates
    .map((d) => {
      const [enp = '', date = ''] = d.key.split('#');
      return duplicateResultIssue(d.line, names, enp, date, d.firstLine);
    })
    .sort((a, b) => a.line - b.line);
}
