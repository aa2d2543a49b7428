import { moLookup } from '../../../../shared/domain/mo-registry.js';
import type { InsuredPerson } from '../../../../shared/domain/records.js';
import type { MedicalOrganization, ReferenceData } from '../../../../shared/reference/types.js';
import { rowIssue, type RowCode } from '../../../../shared/flk/codes.js';
import {
  clean,
  enpFacetMatches,
  enpRegionNumber,
  normalizePhone,
  packIso,
  parseEnp,
  icdListParser,
  parseRuDate,
  parseSnils,
  isSnilsProblem,
  regionTable,
  isoOfRu,
  ruOfIso,
} from './fields.js';
import { checkHeader } from '../../../../shared/flk/header.js';
import type { ColumnMap, FlkIssue, HeaderResult } from '../../../../shared/flk/types.js';

/** DOMAIN.md §3.1, in the usual order of the export. */
export const INSURED_COLUMNS = ['ENP', 'SS', 'FAM', 'IM', 'OT', 'W', 'DR', 'PHONE', 'MO', 'SMO', 'DS_CHRONIC', 'LAST_VISIT', 'DDEATH'] as const;
export type InsuredColumn = (typeof INSURED_COLUMNS)[number];
export const INSURED_REQUIRED: readonly InsuredColumn[] = ['ENP', 'FAM', 'IM', 'W', 'DR', 'MO', 'SMO'];
/** Longest accepted surname, name, patronymic (characters). */
export const NAME_MAX = 40;

export function checkInsuredHeader(fields: readonly string[]): HeaderResult<InsuredColumn> {
  return checkHeader(fields, { columns: INSURED_COLUMNS, required: INSURED_REQUIRED });
}

export interface InsuredContext {
  /** Sender region (two digits): MO and SMO must belong to it. */
  region: string;
  ref: ReferenceData;
  /**
   * The sender region's MOs in force on the file's day (the registry versioned by accepted
   * A-notifications, shared/services/mo-registry.ts); absent: the shipped `ref.mos`. Codes of
   * other regions are looked up in `ref.mos`, only to tell R013 from R012.
   */
  mos?: ReadonlyMap<string, MedicalOrganization>;
  /** ISO date: no date in the file may be later. */
  today: string;
  columns: ColumnMap<InsuredColumn>;
}

export interface InsuredRowResult {
  /** Only when the row has no errors (warnings allowed). */
  person?: InsuredPerson;
  issues: FlkIssue[];
}

const NO_ISSUES: FlkIssue[] = [];
Object.freeze(NO_ISSUES);

/**
 * The row check of DOMAIN.md §1/§3.1. Rules are checked field by field in column order; a field that
 * fails one rule is not checked further (one finding per cause). Cross-field rules (ЕНП facet, dates
 * after DR) run only on fields that passed their own checks. Duplicate ЕНП is the caller's job
 * (it spans chunks): see duplicateEnpIssue.
 */
export function makeInsuredRowValidator(ctx: InsuredContext): (fields: readonly string[], line: number) => InsuredRowResult {
  const { index, width } = ctx.columns;
  const iEnp = index.ENP, iSs = index.SS, iFam = index.FAM, iIm = index.IM, iOt = index.OT, iW = index.W, iDr = index.DR;
  const iPhone = index.PHONE, iMo = index.MO, iSmo = index.SMO, iDs = index.DS_CHRONIC, iVisit = index.LAST_VISIT, iDeath = index.DDEATH;
  const regions = regionTable(ctx.ref);
  const today = packIso(ctx.today);
  const todayRu = ruOfIso(ctx.today);
  const { smos } = ctx.ref;
  const moOf = moLookup(ctx.region, ctx.mos ?? ctx.ref.mos, ctx.ref.mos);
  const region = ctx.region;
  const parseIcdList = icdListParser((code) => ctx.ref.isIcd10(code));

  // Row state lives here, not in per-row closures: the validator is synchronous and runs row by
  // row, so the hot path allocates nothing for a clean row but its result.
  let issues = NO_ISSUES;
  let failed = false;
  let line = 0;
  const report = (code: RowCode, field: string, value: string, detail?: string): void => {
    if (issues === NO_ISSUES) issues = [];
    const issue = rowIssue(code, line, field, value, detail);
    if (issue.severity === 'error') failed = true;
    issues.push(issue);
  };
  /** A checked date as YYYYMMDD, or 0 when empty or failed (reported). */
  const date = (field: string, value: string): number => {
    if (!value) return 0;
    const parsed = parseRuDate(value);
    if (parsed === 'format') report('R008', field, value);
    else if (parsed === 'calendar') report('R009', field, value);
    else if (parsed > today) report('R010', field, value, todayRu);
    else return parsed;
    return 0;
  };

  return (fields, rowLine) => {
    if (fields.length !== width) return { issues: [rowIssue('R017', rowLine, '', String(fields.length), String(width))] };
    issues = NO_ISSUES;
    failed = false;
    line = rowLine;

    const enp = clean(fields[iEnp]);
    let enpOk = false;
    if (!enp) report('R001', 'ENP', '');
    else {
      const problem = parseEnp(enp);
      if (problem === 'format') report('R002', 'ENP', enp);
      else if (problem === 'checksum') report('R003', 'ENP', enp);
      else if (!regions[enpRegionNumber(enp)]) report('R004', 'ENP', enp, enp.slice(0, 2));
      else enpOk = true;
    }

    let snils: string | undefined;
    const ss = iSs >= 0 ? clean(fields[iSs]) : '';
    if (ss) {
      const parsed = parseSnils(ss);
      if (isSnilsProblem(parsed)) report(parsed === 'format' ? 'R006' : 'R007', 'SS', ss);
      else snils = parsed;
    }

    const fam = clean(fields[iFam]);
    if (!fam) report('R001', 'FAM', '');
    else if (fam.length > NAME_MAX) report('R023', 'FAM', fam, String(NAME_MAX));
    const im = clean(fields[iIm]);
    if (!im) report('R001', 'IM', '');
    else if (im.length > NAME_MAX) report('R023', 'IM', im, String(NAME_MAX));
    const ot = iOt >= 0 ? clean(fields[iOt]) : '';
    if (ot.length > NAME_MAX) report('R023', 'OT', ot, String(NAME_MAX));

    const wText = clean(fields[iW]);
    const w = wText === '1' ? 1 : wText === '2' ? 2 : 0;
    if (!wText) report('R001', 'W', '');
    else if (!w) report('R011', 'W', wText);

    const drText = clean(fields[iDr]);
    if (!drText) report('R001', 'DR', '');
    const dr = date('DR', drText);
    if (enpOk && dr && w && !enpFacetMatches(enp, dr, w)) report('R005', 'ENP', enp);

    let phone: string | undefined;
    const phoneText = iPhone >= 0 ? clean(fields[iPhone]) : '';
    if (phoneText) {
      phone = normalizePhone(phoneText);
      if (!phone) report('R019', 'PHONE', phoneText);
    }

    const mo = clean(fields[iMo]);
    if (!mo) report('R001', 'MO', '');
    else {
      const org = moOf(mo);
      if (!org) report('R012', 'MO', mo);
      else if (org.region !== region) report('R013', 'MO', mo, org.region);
    }
    const smo = clean(fields[iSmo]);
    if (!smo) report('R001', 'SMO', '');
    else {
      const company = smos.get(smo);
      if (!company) report('R014', 'SMO', smo);
      else if (company.region !== region) report('R015', 'SMO', smo, company.region);
    }

    let dsChronic: string[] = [];
    const dsText = iDs >= 0 ? clean(fields[iDs]) : '';
    if (dsText) {
      const list = parseIcdList(dsText);
      if (list.bad) for (const code of list.bad) report('R018', 'DS_CHRONIC', dsText, code);
      else dsChronic = list.codes;
    }

    const visitText = iVisit >= 0 ? clean(fields[iVisit]) : '';
    const visit = date('LAST_VISIT', visitText);
    if (visit && dr && visit < dr) report('R020', 'LAST_VISIT', visitText, drText);
    const deathText = iDeath >= 0 ? clean(fields[iDeath]) : '';
    const death = date('DDEATH', deathText);
    if (death && dr && death < dr) report('R020', 'DDEATH', deathText, drText);

    if (failed) return { issues };
    const person: InsuredPerson = { enp, fam, im, w: w as 1 | 2, dr: isoOfRu(drText), mo, smo, dsChronic };
    if (snils) person.snils = snils;
    if (ot) person.ot = ot;
    if (phone) person.phone = phone;
    if (visit) person.lastVisit = isoOfRu(visitText);
    if (death) person.dDeath = isoOfRu(deathText);
    return { person, issues };
  };
}
