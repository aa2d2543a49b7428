import type { CovidCase } from '../domain/records.js';
import type { ReferenceData } from '../reference/types.js';
import { rowIssue, type RowCode } from './codes.js';
import { clean, enpRegionNumber, isoOfRu, packIso, parseEnp, parseRuDate, parseSnils, isSnilsProblem, regionTable, ruOfIso } from './fields.js';
import { checkHeader } from './header.js';
import type { ColumnMap, FlkIssue, HeaderResult } from './types.js';

/** DOMAIN.md §3.2: a person is identified by ЕНП or СНИЛС (at least one column, at least one value). */
export const COVID_COLUMNS = ['ENP', 'SS', 'DS', 'DATE_RECOVERY'] as const;
export type CovidColumn = (typeof COVID_COLUMNS)[number];

export function checkCovidHeader(fields: readonly string[]): HeaderResult<CovidColumn> {
  return checkHeader(fields, { columns: COVID_COLUMNS, required: ['DS', 'DATE_RECOVERY'], oneOf: [['ENP', 'SS']] });
}

export interface CovidContext {
  ref: ReferenceData;
  /** ISO date: a recovery date may not be later. */
  today: string;
  columns: ColumnMap<CovidColumn>;
}

export interface CovidRowResult {
  /** Only when the row has no errors. */
  record?: CovidCase;
  issues: FlkIssue[];
}

const NO_ISSUES: FlkIssue[] = [];
Object.freeze(NO_ISSUES);

export function makeCovidRowValidator(ctx: CovidContext): (fields: readonly string[], line: number) => CovidRowResult {
  const { index, width } = ctx.columns;
  const iEnp = index.ENP, iSs = index.SS, iDs = index.DS, iDate = index.DATE_RECOVERY;
  const regions = regionTable(ctx.ref);
  const today = packIso(ctx.today);
  const todayRu = ruOfIso(ctx.today);

  return (fields, line) => {
    if (fields.length !== width) return { issues: [rowIssue('R017', line, '', String(fields.length), String(width))] };
    let issues = NO_ISSUES;
    const report = (code: RowCode, field: string, value: string, detail?: string): void => {
      if (issues === NO_ISSUES) issues = [];
      issues.push(rowIssue(code, line, field, value, detail));
    };

    const enp = iEnp >= 0 ? clean(fields[iEnp]) : '';
    if (enp) {
      const problem = parseEnp(enp);
      if (problem === 'format') report('R002', 'ENP', enp);
      else if (problem === 'checksum') report('R003', 'ENP', enp);
      else if (!regions[enpRegionNumber(enp)]) report('R004', 'ENP', enp, enp.slice(0, 2));
    }
    let snils: string | undefined;
    const ss = iSs >= 0 ? clean(fields[iSs]) : '';
    if (ss) {
      const parsed = parseSnils(ss);
      if (isSnilsProblem(parsed)) report(parsed === 'format' ? 'R006' : 'R007', 'SS', ss);
      else snils = parsed;
    }
    if (!enp && !ss) report('R021', iEnp >= 0 && iSs >= 0 ? 'ENP, SS' : iEnp >= 0 ? 'ENP' : 'SS', '');

    const dsText = clean(fields[iDs]);
    const ds = dsText.toUpperCase();
    if (!dsText) report('R001', 'DS', '');
    else if (ds !== 'U07.1' && ds !== 'U07.2') report('R022', 'DS', dsText);

    const dateText = clean(fields[iDate]);
    if (!dateText) report('R001', 'DATE_RECOVERY', '');
    else {
      const parsed = parseRuDate(dateText);
      if (parsed === 'format') report('R008', 'DATE_RECOVERY', dateText);
      else if (parsed === 'calendar') report('R009', 'DATE_RECOVERY', dateText);
      else if (parsed > today) report('R010', 'DATE_RECOVERY', dateText, todayRu);
    }

    // Every COVID rule is an error: any finding rejects the row.
    if (issues.length) return { issues };
    const record: CovidCase = { ds: ds as CovidCase['ds'], dateRecovery: isoOfRu(dateText) };
    if (enp) record.enp = enp;
    if (snils) record.snils = snils;
    return { record, issues };
  };
}
