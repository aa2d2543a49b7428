import { z } from 'zod';
import { checkEnp } from '../identifiers/enp.js';
import type { FlkIssue } from '../flk/types.js';
import type { MedicalOrganization } from '../reference/types.js';
import { hospIssue, type HospCode } from './rules.js';

/**
 * One MO's daily submission to the planned-hospitalization resource (DOMAIN.md §4; Rules of ОМС
 * §263–264, seed 004): sent by 09:00 local time for the previous day (`forDate`).
 *
 * §263 (day hospital or specialized inpatient care): (a) `freeBeds` — free places by bed profile
 * for today and each of the next 10 working days, with the planned release date; (b)
 * `hospitalized` — persons hospitalized by referral during the day, by profile and referring MO;
 * (c) `emergency` — emergency hospitalizations and discharges after them; (d) `notHospitalized`
 * — planned hospitalizations that did not happen, with reason; (e) `referredIn` — persons who got
 * a referral to this MO, with the hospitalization date.
 * §264 (primary or specialized care): `referralsIssued` — referrals the MO issued during the day,
 * with hospitalization and (planned) discharge dates.
 *
 * A section the MO must fill is required even when nothing happened: an empty array says «no
 * events», a missing key says «forgot» (H005). All dates are ISO `YYYY-MM-DD`.
 */

const ISO = /^\d{4}-\d{2}-\d{2}$/;

export function isIsoDate(s: string): boolean {
  if (!ISO.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

const IsoDate = z.string().refine(isIsoDate, 'дата ГГГГ-ММ-ДД');
const Enp = z.string().regex(/^\d{16}$/);
const MoCode = z.string().regex(/^\d{6}$/);
const Code = z.string().min(1);

export const FreeBedsRowSchema = z.object({ profile: Code, date: IsoDate, free: z.number().int().min(0), releaseDate: IsoDate.optional() });
export const HospitalizedRowSchema = z.object({ enp: Enp, profile: Code, referringMo: MoCode, admissionDate: IsoDate, hmp: z.boolean().optional() });
export const EmergencyRowSchema = z.object({ enp: Enp, profile: Code, admissionDate: IsoDate, dischargeDate: IsoDate.optional() });
export const NotHospitalizedRowSchema = z.object({ enp: Enp, profile: Code, plannedDate: IsoDate, reason: Code, referringMo: MoCode.optional() });
export const ReferredInRowSchema = z.object({ enp: Enp, profile: Code, referringMo: MoCode, hospitalizationDate: IsoDate });
export const ReferralIssuedRowSchema = z.object({ enp: Enp, profile: Code, targetMo: MoCode, hospitalizationDate: IsoDate, dischargeDate: IsoDate.optional() });

export const SubmissionSchema = z.object({
  mo: MoCode,
  forDate: IsoDate,
  freeBeds: z.array(FreeBedsRowSchema).optional(),
  hospitalized: z.array(HospitalizedRowSchema).optional(),
  emergency: z.array(EmergencyRowSchema).optional(),
  notHospitalized: z.array(NotHospitalizedRowSchema).optional(),
  referredIn: z.array(ReferredInRowSchema).optional(),
  referralsIssued: z.array(ReferralIssuedRowSchema).optional(),
});

export type Submission = z.infer<typeof SubmissionSchema>;
export type FreeBedsRow = z.infer<typeof FreeBedsRowSchema>;
export type HospitalizedRow = z.infer<typeof HospitalizedRowSchema>;
export type EmergencyRow = z.infer<typeof EmergencyRowSchema>;
export type NotHospitalizedRow = z.infer<typeof NotHospitalizedRowSchema>;
export type ReferredInRow = z.infer<typeof ReferredInRowSchema>;
export type ReferralIssuedRow = z.infer<typeof ReferralIssuedRowSchema>;

// ---- sections as data ---------------------------------------------------------------------------

export type FieldKind = 'profile' | 'date' | 'count' | 'enp' | 'mo' | 'reason' | 'flag';
export type SectionKey = 'freeBeds' | 'hospitalized' | 'emergency' | 'notHospitalized' | 'referredIn' | 'referralsIssued';
export type Article = 263 | 264;

export interface SectionSpec {
  article: Article;
  /** Russian title for messages and docs. */
  title: string;
  /** Field → kind and whether it is required. Order = order of checks and of CSV columns. */
  fields: Readonly<Record<string, { kind: FieldKind; required: boolean }>>;
  /** Fields that identify a record; a repeat is H016 (free beds) or H017 (persons). */
  key: readonly string[];
}

const req = (kind: FieldKind) => ({ kind, required: true });
const opt = (kind: FieldKind) => ({ kind, required: false });

export const SECTIONS: Readonly<Record<SectionKey, SectionSpec>> = {
  freeBeds: {
    article: 263,
    title: 'а) свободные места по профилям коек',
    fields: { profile: req('profile'), date: req('date'), free: req('count'), releaseDate: opt('date') },
    key: ['profile', 'date'],
  },
  hospitalized: {
    article: 263,
    title: 'б) госпитализированы по направлениям',
    fields: { enp: req('enp'), profile: req('profile'), referringMo: req('mo'), admissionDate: req('date'), hmp: opt('flag') },
    key: ['enp', 'profile', 'admissionDate'],
  },
  emergency: {
    article: 263,
    title: 'в) экстренные госпитализации и выписки после них',
    fields: { enp: req('enp'), profile: req('profile'), admissionDate: req('date'), dischargeDate: opt('date') },
    key: ['enp', 'profile', 'admissionDate'],
  },
  notHospitalized: {
    article: 263,
    title: 'г) несостоявшиеся плановые госпитализации',
    fields: { enp: req('enp'), profile: req('profile'), plannedDate: req('date'), reason: req('reason'), referringMo: opt('mo') },
    key: ['enp', 'profile', 'plannedDate'],
  },
  referredIn: {
    article: 263,
    title: 'д) получили направление в МО',
    fields: { enp: req('enp'), profile: req('profile'), referringMo: req('mo'), hospitalizationDate: req('date') },
    key: ['enp', 'profile', 'hospitalizationDate'],
  },
  referralsIssued: {
    article: 264,
    title: 'выданные направления на госпитализацию (ст. 264)',
    fields: { enp: req('enp'), profile: req('profile'), targetMo: req('mo'), hospitalizationDate: req('date'), dischargeDate: opt('date') },
    key: ['enp', 'targetMo', 'profile', 'hospitalizationDate'],
  },
};

export const SECTION_KEYS = Object.keys(SECTIONS) as SectionKey[];

export interface Obligations {
  /** Day hospital or specialized inpatient care → sections (a)–(e). */
  s263: boolean;
  /** Primary or specialized care → referrals issued. */
  s264: boolean;
  /** Sections the MO must send every day. */
  sections: SectionKey[];
}

type MoFlags = Pick<MedicalOrganization, 'primaryCare' | 'dayHospital' | 'specializedInpatient'>;

/** Which articles bind an MO and so which sections it must submit (DOMAIN.md §4, seed 004). */
export function obligationsOf(mo: MoFlags): Obligations {
  const s263 = mo.dayHospital || mo.specializedInpatient;
  const s264 = mo.primaryCare || mo.specializedInpatient;
  const sections = SECTION_KEYS.filter((k) => (SECTIONS[k].article === 263 ? s263 : s264));
  return { s263, s264, sections };
}

/** Whether the MO must submit every day (bound by §263 or §264). */
export function isObligated(mo: MoFlags): boolean {
  return obligationsOf(mo).sections.length > 0;
}

// ---- validation ----------------------------------------------------------------------------------

export interface ValidationContext {
  mo: MedicalOrganization;
  /** The reporting day (the day before the submission's local date), ISO. */
  forDate: string;
  /** Today and the next 10 working days (production calendar), ISO, computed by the caller. */
  horizon: readonly string[];
  isBedProfile(code: string): boolean;
  isReason(code: string): boolean;
  isMo(code: string): boolean;
}

export interface ValidationResult {
  /** Present only when there is no error (warnings allowed): a submission is accepted whole or not at all. */
  submission?: Submission;
  issues: FlkIssue[];
}

const TOP_KEYS = new Set<string>(['mo', 'forDate', ...SECTION_KEYS]);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const shown = (v: unknown): string => (typeof v === 'string' ? v : v === undefined ? '' : (JSON.stringify(v) ?? String(v)));
const isBlank = (v: unknown): boolean => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

export function validateSubmission(input: unknown, ctx: ValidationContext): ValidationResult {
  const issues: FlkIssue[] = [];
  const add = (code: HospCode, field: string, value: unknown, detail?: string): void => {
    issues.push(hospIssue(code, field, shown(value), detail));
  };

  if (!isObject(input)) {
    add('H001', '', '', 'ожидается JSON-объект с полями mo, forDate и разделами сведений');
    return { issues };
  }
  for (const key of Object.keys(input)) if (!TOP_KEYS.has(key)) add('H007', key, '');

  // Header: whose and for which day.
  if (isBlank(input.mo)) add('H002', 'mo', '');
  else if (typeof input.mo !== 'string') add('H001', 'mo', input.mo, 'код МО должен быть строкой');
  else if (input.mo.trim() !== ctx.mo.code) add('H003', 'mo', input.mo, `отправитель ${ctx.mo.code}`);

  if (isBlank(input.forDate)) add('H002', 'forDate', '');
  else if (typeof input.forDate !== 'string' || !isIsoDate(input.forDate.trim())) add('H008', 'forDate', input.forDate);
  else if (input.forDate.trim() !== ctx.forDate) add('H004', 'forDate', input.forDate, ctx.forDate);

  const duty = obligationsOf(ctx.mo);
  if (!duty.s263 && !duty.s264) add('H024', 'mo', ctx.mo.code);

  const out: Partial<Record<SectionKey, Record<string, unknown>[]>> = {};
  for (const key of SECTION_KEYS) {
    const value = input[key];
    const spec = SECTIONS[key];
    const due = duty.sections.includes(key);
    if (value === undefined) {
      if (due) add('H005', key, '', spec.title);
      continue;
    }
    if (!due) {
      add('H006', key, '', `ст. ${spec.article} Правил ОМС`);
      continue;
    }
    if (!Array.isArray(value)) {
      add('H001', key, value, 'раздел должен быть массивом записей (пустым, если событий не было)');
      continue;
    }
    out[key] = validateSection(key, value, ctx, add);
  }

  if (issues.some((i) => i.severity === 'error')) return { issues };
  const parsed = SubmissionSchema.safeParse({ mo: ctx.mo.code, forDate: ctx.forDate, ...out });
  if (!parsed.success) {
    // The checks above cover every schema constraint; reaching here is a bug, not a user error.
    const first = parsed.error.issues[0];
    add('H001', first?.path.join('.') ?? '', '', first?.message ?? 'сведения не соответствуют схеме');
    return { issues };
  }
  return { submission: parsed.data, issues };
}

type Add = (code: HospCode, field: string, value: unknown, detail?: string) => void;

function validateSection(key: SectionKey, rows: unknown[], ctx: ValidationContext, add: Add): Record<string, unknown>[] {
  const spec = SECTIONS[key];
  const seen = new Map<string, string>();
  const out: Record<string, unknown>[] = [];
  rows.forEach((row, i) => {
    const path = `${key}[${i}]`;
    if (!isObject(row)) {
      add('H001', path, row, 'запись раздела должна быть объектом');
      return;
    }
    for (const name of Object.keys(row)) if (!(name in spec.fields)) add('H007', `${path}.${name}`, '');
    const record: Record<string, unknown> = {};
    let ok = true;
    for (const [name, field] of Object.entries(spec.fields)) {
      const value = checkField(field.kind, field.required, row[name], `${path}.${name}`, ctx, add);
      if (value === INVALID) ok = false;
      else if (value !== undefined) record[name] = value;
    }
    if (!ok) return;
    if (!checkRecord(key, record, path, ctx, add)) return;
    const id = spec.key.map((k) => String(record[k])).join('|');
    const first = seen.get(id);
    if (first) {
      if (key === 'freeBeds') add('H016', path, `${String(record.profile)} / ${String(record.date)}`, first);
      else add('H017', `${path}.enp`, record.enp, `запись ${first}`);
      return;
    }
    seen.set(id, path);
    out.push(record);
  });
  return out;
}

const INVALID = Symbol('invalid');

/** One field: the cleaned value, undefined when optional and absent, INVALID after an issue. */
function checkField(kind: FieldKind, required: boolean, raw: unknown, path: string, ctx: ValidationContext, add: Add): unknown {
  if (isBlank(raw)) {
    if (required) {
      add('H002', path, '');
      return INVALID;
    }
    return undefined;
  }
  if (kind === 'count') {
    if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 0) {
      add('H010', path, raw);
      return INVALID;
    }
    return raw;
  }
  if (kind === 'flag') {
    if (typeof raw !== 'boolean') {
      add('H001', path, raw, 'признак должен быть true или false');
      return INVALID;
    }
    return raw;
  }
  if (typeof raw !== 'string') {
    add('H001', path, raw, 'значение должно быть строкой');
    return INVALID;
  }
  const value = raw.trim();
  switch (kind) {
    case 'date':
      if (!isIsoDate(value)) return fail('H008');
      return value;
    case 'profile':
      return ctx.isBedProfile(value) ? value : fail('H011');
    case 'reason':
      return ctx.isReason(value) ? value : fail('H015');
    case 'mo':
      return /^\d{6}$/.test(value) && ctx.isMo(value) ? value : fail('H014');
    case 'enp': {
      const problem = checkEnp(value);
      if (problem === 'format') return fail('H012');
      if (problem === 'checksum') return fail('H013');
      return value;
    }
  }
  function fail(code: HospCode): typeof INVALID {
    add(code, path, raw);
    return INVALID;
  }
}

/** Rules between fields of one record and against the reporting day / horizon. */
function checkRecord(key: SectionKey, r: Record<string, unknown>, path: string, ctx: ValidationContext, add: Add): boolean {
  const day = ctx.forDate;
  let ok = true;
  const fail = (code: HospCode, field: string, detail: string): void => {
    add(code, `${path}.${field}`, r[field], detail);
    ok = false;
  };
  const date = (field: string): string | undefined => r[field] as string | undefined;
  switch (key) {
    case 'freeBeds': {
      const on = date('date')!;
      const release = date('releaseDate');
      if (!ctx.horizon.includes(on)) fail('H009', 'date', horizonText(ctx.horizon));
      if ((r.free as number) > 0 && release === undefined) {
        add('H002', `${path}.releaseDate`, '');
        ok = false;
      }
      if (release !== undefined && release > on) fail('H018', 'releaseDate', on);
      else if (release !== undefined && release < day) fail('H019', 'releaseDate', day);
      break;
    }
    case 'hospitalized': {
      const at = date('admissionDate')!;
      if (at > day) fail('H021', 'admissionDate', day);
      else if (at !== day) fail('H020', 'admissionDate', day);
      break;
    }
    case 'emergency': {
      const at = date('admissionDate')!;
      const out = date('dischargeDate');
      if (at > day) fail('H021', 'admissionDate', day);
      if (out !== undefined && out > day) fail('H021', 'dischargeDate', day);
      if (out !== undefined && out < at) fail('H022', 'dischargeDate', at);
      if (ok && at !== day && out !== day) fail('H020', 'admissionDate', `${day}: ни госпитализация, ни выписка не приходятся на эти сутки`);
      break;
    }
    case 'notHospitalized':
      if (date('plannedDate')! > day) fail('H021', 'plannedDate', day);
      break;
    case 'referredIn':
      if (date('hospitalizationDate')! < day) fail('H023', 'hospitalizationDate', day);
      break;
    case 'referralsIssued': {
      const at = date('hospitalizationDate')!;
      const out = date('dischargeDate');
      if (at < day) fail('H023', 'hospitalizationDate', day);
      if (out !== undefined && out < at) fail('H022', 'dischargeDate', at);
      break;
    }
  }
  return ok;
}

function horizonText(horizon: readonly string[]): string {
  if (!horizon.length) return 'горизонт не задан';
  return `${horizon[0]} … ${horizon[horizon.length - 1]}, только рабочие дни`;
}
