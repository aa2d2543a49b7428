/**
 * The daily planned-hospitalization form as data (DOMAIN.md §4, Rules of ОМС §263–264): what the clerk
 * typed → the JSON body of POST …/hospitalization/submissions, checked in the browser with the
 * server's own rules and messages (shared/hospitalization: H001–H030), each finding put back on the
 * input it is about. The server checks again and is final; in the browser an MO code is checked for
 * its form only (the F003 registry stays on the server: H014 comes back with the protocol).
 */
import type { FlkIssue } from '../../../../shared/flk/types.js';
import { SECTIONS, validateSubmission, type SectionKey, type ValidationContext } from '../../../../shared/hospitalization/submission.js';
import type { HospFormDay as FormDay, HospIssue } from '../../api/types.js';

export { SECTIONS, type FormDay, type SectionKey };
export type PersonSection = Exclude<SectionKey, 'freeBeds'>;

/** One cell of the free-beds grid: places free on a day and when they were (will be) released. */
export interface BedCell {
  free?: number | null;
  releaseDate?: string;
}
/** One row of the grid: a bed profile and a cell per day of the horizon. */
export interface BedRow {
  profile: string;
  cells: BedCell[];
}
/** A record of a person section as typed: field → text (or a flag). */
export type PersonRow = Record<string, string | boolean | undefined>;

export interface FormState {
  beds: BedRow[];
  rows: Record<PersonSection, PersonRow[]>;
  /** Sections the clerk marked «событий не было»: sent as an empty list. */
  none: Partial<Record<SectionKey, boolean>>;
}

export const PERSON_SECTIONS: readonly PersonSection[] = ['hospitalized', 'emergency', 'notHospitalized', 'referredIn', 'referralsIssued'];

export const emptyForm = (): FormState => ({ beds: [], rows: { hospitalized: [], emergency: [], notHospitalized: [], referredIn: [], referralsIssued: [] }, none: {} });

/** Where a body record came from on screen: `freeBeds.<row>.<day>` or `<section>.<row>`. */
export type Origin = string;

export interface Built {
  body: Record<string, unknown>;
  /** Per section, the screen place of each record sent, in body order. */
  origins: Partial<Record<SectionKey, Origin[]>>;
}

const filled = (c: BedCell | undefined): boolean => !!c && ((c.free !== undefined && c.free !== null) || !!c.releaseDate);

/**
 * The JSON body of the form. A section the MO owes is sent when it has records or is marked
 * «событий не было»; otherwise it is left out, so the server's H005 («нет обязательного раздела»)
 * names it. Empty grid cells are not sent.
 */
export function buildBody(day: Pick<FormDay, 'mo' | 'forDate' | 'horizon' | 'sections'>, form: FormState): Built {
  const body: Record<string, unknown> = { mo: day.mo.code, forDate: day.forDate };
  const origins: Built['origins'] = {};
  if (day.sections.includes('freeBeds')) {
    const records: Record<string, unknown>[] = [];
    const from: Origin[] = [];
    form.beds.forEach((row, r) =>
      day.horizon.forEach((date, d) => {
        const cell = row.cells[d];
        if (!filled(cell)) return;
        records.push({ profile: row.profile, date, free: cell!.free ?? undefined, ...(cell!.releaseDate ? { releaseDate: cell!.releaseDate } : {}) });
        from.push(`freeBeds.${r}.${d}`);
      }),
    );
    if (records.length || form.none.freeBeds) [body.freeBeds, origins.freeBeds] = [records, from];
  }
  for (const key of PERSON_SECTIONS) {
    if (!day.sections.includes(key)) continue;
    const rows = form.rows[key];
    if (!rows.length && !form.none[key]) continue;
    body[key] = rows.map((row) => recordOf(key, row));
    origins[key] = rows.map((_, r) => `${key}.${r}`);
  }
  return { body, origins };
}

/** A typed row as the API takes it: text trimmed, blank optional fields left out, a flag only when set. */
function recordOf(key: PersonSection, row: PersonRow): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(SECTIONS[key].fields)) {
    const value = row[name];
    if (field.kind === 'flag') {
      if (value === true) out[name] = true;
    } else if (typeof value === 'string' && value.trim()) out[name] = value.trim();
    else if (field.required) out[name] = '';
  }
  return out;
}

/** The server's rules with what the browser knows: reference lists, the day and horizon the server gave. */
export function contextOf(day: FormDay): ValidationContext {
  const profiles = new Set(day.bedProfiles.map((p) => p.code));
  const reasons = new Set(day.reasons.map((r) => r.code));
  return {
    mo: { ...day.mo },
    forDate: day.forDate,
    horizon: day.horizon,
    isBedProfile: (c) => profiles.has(c),
    isReason: (c) => reasons.has(c),
    isMo: (c) => /^\d{6}$/.test(c),
  };
}

export interface Placed {
  issue: FlkIssue | HospIssue;
  /** `freeBeds.<row>.<day>` / `<section>.<row>` with `.<field>` when the finding names one; the section key for a whole section; '' for the header. */
  at: string;
}
const PATH = /^(\w+)\[(\d+)\](?:\.(\w+))?$/;

/** Puts a finding (JSON path `hospitalized[2].enp`) on its place in the form. */
export function place(issue: FlkIssue | HospIssue, origins: Built['origins']): Placed {
  const m = PATH.exec(issue.field);
  if (!m) return { issue, at: issue.field };
  const [, section, index, field] = m;
  const origin = origins[section as SectionKey]?.[Number(index)];
  if (!origin) return { issue, at: section! };
  // A grid cell is one place for its count and release date; a person record has a place per field.
  return { issue, at: field && section !== 'freeBeds' ? `${origin}.${field}` : origin };
}

/** The form checked as the server will check it, every finding placed. */
export function checkForm(day: FormDay, form: FormState): { built: Built; placed: Placed[]; errors: number } {
  const built = buildBody(day, form);
  const { issues } = validateSubmission(built.body, contextOf(day));
  const placed = issues.map((i) => place(i, built.origins));
  return { built, placed, errors: issues.filter((i) => i.severity === 'error').length };
}
