import { describe, expect, it } from 'vitest';
import { obligationsOf, validateSubmission, type ValidationContext } from '../../../shared/hospitalization/submission.js';
import { HOSP_RULES, hospitalizationCodesMarkdown, type HospCode } from '../../../shared/hospitalization/rules.js';
import { DAY_HOSPITAL, ENP1, ENP2, FOR_DATE, HOSPITAL, NONE, POLYCLINIC, ctxFor, hospitalSubmission, polyclinicSubmission } from './fixtures.js';

type Input = ReturnType<typeof hospitalSubmission> & Record<string, unknown>;
const at = (r: { issues: { field: string; code: string }[] }): string[] => r.issues.map((i) => `${i.field}:${i.code}`);
const run = (input: unknown, ctx: ValidationContext = ctxFor(HOSPITAL)) => validateSubmission(input, ctx);
/** The hospital's valid submission with one change. */
const hosp = (change: (s: Input) => void): Input => {
  const s = hospitalSubmission() as Input;
  change(s);
  return s;
};
const badLuhn = ENP1.slice(0, 15) + String((Number(ENP1[15]) + 1) % 10);

describe('obligations (§263: day hospital or specialized; §264: primary or specialized)', () => {
  it('derives the sections from the MO flags', () => {
    const s263 = ['freeBeds', 'hospitalized', 'emergency', 'notHospitalized', 'referredIn'];
    expect(obligationsOf(HOSPITAL)).toEqual({ s263: true, s264: true, sections: [...s263, 'referralsIssued'] });
    expect(obligationsOf(DAY_HOSPITAL)).toEqual({ s263: true, s264: false, sections: s263 });
    expect(obligationsOf(POLYCLINIC)).toEqual({ s263: false, s264: true, sections: ['referralsIssued'] });
    expect(obligationsOf(NONE)).toEqual({ s263: false, s264: false, sections: [] });
  });
});

describe('complete valid submissions', () => {
  it('accepts a §263 + §264 hospital with every section filled', () => {
    const result = run(hospitalSubmission());
    expect(result.issues).toEqual([]);
    expect(result.submission).toEqual(hospitalSubmission());
  });

  it('accepts a §263-only day hospital with empty event sections', () => {
    const input = { mo: DAY_HOSPITAL.code, forDate: FOR_DATE, freeBeds: [{ profile: '51', date: '2026-11-20', free: 2, releaseDate: FOR_DATE }], hospitalized: [], emergency: [], notHospitalized: [], referredIn: [] };
    const result = run(input, ctxFor(DAY_HOSPITAL));
    expect(result.issues).toEqual([]);
    expect(result.submission).toEqual(input);
  });

  it('accepts a §264-only polyclinic sending only the referrals it issued', () => {
    const result = run(polyclinicSubmission(), ctxFor(POLYCLINIC));
    expect(result.issues).toEqual([]);
    expect(result.submission).toEqual(polyclinicSubmission());
  });

  it('trims strings and keeps only known fields in the accepted submission', () => {
    const result = run(hosp((s) => { s.freeBeds[0]!.profile = ' 19 '; s.mo = ` ${HOSPITAL.code}`; }));
    expect(result.issues).toEqual([]);
    expect(result.submission!.freeBeds![0]!.profile).toBe('19');
    expect(result.submission!.mo).toBe(HOSPITAL.code);
  });
});

interface Case {
  code: HospCode;
  why: string;
  input: unknown;
  ctx?: ValidationContext;
  expected: string[];
}

const cases: Case[] = [
  { code: 'H001', why: 'not an object', input: [1, 2], expected: [':H001'] },
  { code: 'H001', why: 'a section that is not an array', input: hosp((s) => { (s as Record<string, unknown>).emergency = { enp: ENP1 }; }), expected: ['emergency:H001'] },
  { code: 'H001', why: 'a record that is not an object', input: hosp((s) => { (s.hospitalized as unknown[]).push('x'); }), expected: ['hospitalized[1]:H001'] },
  { code: 'H001', why: 'a flag that is not boolean', input: hosp((s) => { (s.hospitalized[0] as Record<string, unknown>).hmp = 'да'; }), expected: ['hospitalized[0].hmp:H001'] },
  { code: 'H001', why: 'a code given as a number', input: hosp((s) => { (s.freeBeds[0] as Record<string, unknown>).profile = 19; }), expected: ['freeBeds[0].profile:H001'] },
  { code: 'H002', why: 'a missing required field', input: hosp((s) => { delete (s.freeBeds[0] as Partial<(typeof s.freeBeds)[0]>).profile; }), expected: ['freeBeds[0].profile:H002'] },
  { code: 'H002', why: 'free places without a release date', input: hosp((s) => { delete (s.freeBeds[1] as Partial<(typeof s.freeBeds)[0]>).releaseDate; }), expected: ['freeBeds[1].releaseDate:H002'] },
  { code: 'H002', why: 'no MO code', input: hosp((s) => { s.mo = ''; }), expected: ['mo:H002'] },
  { code: 'H003', why: 'another MO\'s data', input: hosp((s) => { s.mo = DAY_HOSPITAL.code; }), expected: ['mo:H003'] },
  { code: 'H004', why: 'not the previous day', input: hosp((s) => { s.forDate = '2026-11-18'; }), expected: ['forDate:H004'] },
  { code: 'H005', why: 'a required section missing', input: hosp((s) => { delete (s as Partial<Input>).emergency; }), expected: ['emergency:H005'] },
  { code: 'H005', why: 'a §264 section missing for a specialized MO', input: hosp((s) => { delete (s as Partial<Input>).referralsIssued; }), expected: ['referralsIssued:H005'] },
  { code: 'H008', why: 'a Russian-style date in JSON', input: hosp((s) => { s.freeBeds[0]!.date = '20.11.2026'; }), expected: ['freeBeds[0].date:H008'] },
  { code: 'H008', why: 'a date that does not exist', input: hosp((s) => { s.emergency[1]!.admissionDate = '2026-02-30'; }), expected: ['emergency[1].admissionDate:H008'] },
  { code: 'H008', why: 'a bad reporting day', input: hosp((s) => { s.forDate = '19.11.2026'; }), expected: ['forDate:H008'] },
  { code: 'H009', why: 'a Saturday', input: hosp((s) => { s.freeBeds[1]!.date = '2026-11-28'; }), expected: ['freeBeds[1].date:H009'] },
  { code: 'H009', why: 'the 11th working day', input: hosp((s) => { s.freeBeds[1]!.date = '2026-12-07'; }), expected: ['freeBeds[1].date:H009'] },
  { code: 'H009', why: 'the reporting day itself', input: hosp((s) => { s.freeBeds[0]!.date = FOR_DATE; }), expected: ['freeBeds[0].date:H009'] },
  { code: 'H010', why: 'a negative count', input: hosp((s) => { s.freeBeds[0]!.free = -1; }), expected: ['freeBeds[0].free:H010'] },
  { code: 'H010', why: 'a fractional count', input: hosp((s) => { s.freeBeds[0]!.free = 2.5; }), expected: ['freeBeds[0].free:H010'] },
  { code: 'H010', why: 'a count as a string', input: hosp((s) => { (s.freeBeds[0] as Record<string, unknown>).free = '3'; }), expected: ['freeBeds[0].free:H010'] },
  { code: 'H011', why: 'an unknown bed profile', input: hosp((s) => { s.emergency[0]!.profile = '999'; }), expected: ['emergency[0].profile:H011'] },
  { code: 'H012', why: 'a short ЕНП', input: hosp((s) => { s.referredIn[0]!.enp = '2312345'; }), expected: ['referredIn[0].enp:H012'] },
  { code: 'H013', why: 'a ЕНП failing Luhn', input: hosp((s) => { s.referralsIssued[0]!.enp = badLuhn; }), expected: ['referralsIssued[0].enp:H013'] },
  { code: 'H014', why: 'an MO missing from the registry', input: hosp((s) => { s.hospitalized[0]!.referringMo = '239999'; }), expected: ['hospitalized[0].referringMo:H014'] },
  { code: 'H014', why: 'a malformed MO code', input: hosp((s) => { s.referralsIssued[0]!.targetMo = '23010'; }), expected: ['referralsIssued[0].targetMo:H014'] },
  { code: 'H015', why: 'an unknown reason', input: hosp((s) => { s.notHospitalized[0]!.reason = '99'; }), expected: ['notHospitalized[0].reason:H015'] },
  { code: 'H016', why: 'the same profile and day twice', input: hosp((s) => { s.freeBeds.push({ profile: '19', date: '2026-11-20', free: 1, releaseDate: FOR_DATE }); }), expected: ['freeBeds[3]:H016'] },
  { code: 'H017', why: 'the same person twice', input: hosp((s) => { s.emergency.push({ ...s.emergency[0]! }); }), expected: ['emergency[2].enp:H017'] },
  { code: 'H018', why: 'released after the day it is free', input: hosp((s) => { s.freeBeds[1]!.releaseDate = '2026-11-24'; }), expected: ['freeBeds[1].releaseDate:H018'] },
  { code: 'H019', why: 'a planned release before the reporting day', input: hosp((s) => { s.freeBeds[0]!.releaseDate = '2026-11-18'; }), expected: ['freeBeds[0].releaseDate:H019'] },
  { code: 'H020', why: 'a referral admission on another day', input: hosp((s) => { s.hospitalized[0]!.admissionDate = '2026-11-18'; }), expected: ['hospitalized[0].admissionDate:H020'] },
  { code: 'H020', why: 'an emergency stay with nothing on the day', input: hosp((s) => { delete (s.emergency[1] as Partial<(typeof s.emergency)[1]>).dischargeDate; }), expected: ['emergency[1].admissionDate:H020'] },
  { code: 'H021', why: 'an admission after the day', input: hosp((s) => { s.hospitalized[0]!.admissionDate = '2026-11-20'; }), expected: ['hospitalized[0].admissionDate:H021'] },
  { code: 'H021', why: 'a discharge after the day', input: hosp((s) => { s.emergency[1]!.dischargeDate = '2026-11-20'; }), expected: ['emergency[1].dischargeDate:H021'] },
  { code: 'H021', why: 'a missed hospitalization planned in the future', input: hosp((s) => { s.notHospitalized[0]!.plannedDate = '2026-11-23'; }), expected: ['notHospitalized[0].plannedDate:H021'] },
  { code: 'H022', why: 'emergency discharge before admission', input: hosp((s) => { s.emergency[1]!.admissionDate = FOR_DATE; s.emergency[1]!.dischargeDate = '2026-11-18'; }), expected: ['emergency[1].dischargeDate:H022'] },
  { code: 'H022', why: 'planned discharge before hospitalization', input: hosp((s) => { s.referralsIssued[0]!.dischargeDate = '2026-11-24'; }), expected: ['referralsIssued[0].dischargeDate:H022'] },
  { code: 'H023', why: 'a referral into the past (e)', input: hosp((s) => { s.referredIn[0]!.hospitalizationDate = '2026-11-18'; }), expected: ['referredIn[0].hospitalizationDate:H023'] },
  { code: 'H023', why: 'an issued referral into the past (§264)', input: hosp((s) => { s.referralsIssued[0]!.hospitalizationDate = '2026-11-18'; delete (s.referralsIssued[0] as Partial<(typeof s.referralsIssued)[0]>).dischargeDate; }), expected: ['referralsIssued[0].hospitalizationDate:H023'] },
  { code: 'H024', why: 'an MO without obligations', input: { mo: NONE.code, forDate: FOR_DATE }, ctx: ctxFor(NONE), expected: ['mo:H024'] },
];

describe('each rule rejects', () => {
  it.each(cases.map((c) => [c.code, c.why, c] as const))('%s: %s', (_code, _why, c) => {
    const result = run(c.input, c.ctx);
    expect(at(result)).toEqual(c.expected);
    expect(result.submission).toBeUndefined();
    expect(result.issues[0]!.severity).toBe('error');
  });
});

describe('each rule accepts the boundary', () => {
  it.each<[HospCode, string, unknown, ValidationContext?]>([
    ['H001', 'hmp false', hosp((s) => { s.hospitalized[0]!.hmp = false; })],
    ['H002', 'no release date when nothing is free; optional fields absent', hosp((s) => { delete (s.hospitalized[0] as Partial<(typeof s.hospitalized)[0]>).hmp; })],
    ['H005', 'an empty section says «no events»', hosp((s) => { s.emergency = []; s.hospitalized = []; })],
    ['H009', 'the first and the last day of the horizon', hosp((s) => { s.freeBeds[0]!.date = '2026-11-20'; s.freeBeds[1]!.date = '2026-12-04'; s.freeBeds[1]!.releaseDate = '2026-12-04'; })],
    ['H010', 'zero free places', hosp((s) => { s.freeBeds[0]!.free = 0; })],
    ['H016', 'the same profile on two days, two profiles on one day', hosp((s) => { s.freeBeds.push({ profile: '22', date: '2026-11-20', free: 0 }); })],
    ['H017', 'the same person in two sections and two profiles', hosp((s) => { s.emergency.push({ enp: ENP2, profile: '22', admissionDate: FOR_DATE }); })],
    ['H018', 'released on the day itself', hosp((s) => { s.freeBeds[1]!.releaseDate = '2026-11-23'; })],
    ['H019', 'released on the reporting day', hosp((s) => { s.freeBeds[1]!.releaseDate = FOR_DATE; })],
    ['H020', 'emergency admitted and discharged on the day', hosp((s) => { s.emergency[1]!.admissionDate = FOR_DATE; })],
    ['H022', 'discharged the day of admission', hosp((s) => { s.referralsIssued[0]!.dischargeDate = s.referralsIssued[0]!.hospitalizationDate; })],
    ['H023', 'hospitalization on the reporting day', hosp((s) => { s.referredIn[0]!.hospitalizationDate = FOR_DATE; })],
    ['H003', 'the sender\'s own code', polyclinicSubmission(), ctxFor(POLYCLINIC)],
  ])('%s: %s', (_code, _why, input, ctx) => {
    const result = run(input, ctx);
    expect(result.issues).toEqual([]);
    expect(result.submission).toBeDefined();
  });
});

describe('warnings keep the submission', () => {
  it('H006: a section the MO is not bound to is reported and dropped', () => {
    const result = run({ ...polyclinicSubmission(), freeBeds: [{ profile: '19', date: '2026-11-20', free: 1, releaseDate: FOR_DATE }] }, ctxFor(POLYCLINIC));
    expect(at(result)).toEqual(['freeBeds:H006']);
    expect(result.issues[0]!.severity).toBe('warning');
    expect(result.submission).toEqual(polyclinicSubmission());
  });

  it('H007: unknown fields are reported and dropped', () => {
    const input = hosp((s) => { s.comment = 'x'; (s.freeBeds[0] as Record<string, unknown>).ward = '5'; });
    const result = run(input);
    expect(at(result)).toEqual(['comment:H007', 'freeBeds[0].ward:H007']);
    expect(result.submission).toEqual(hospitalSubmission());
  });
});

describe('messages', () => {
  it('name the field, the value and the rule in Russian', () => {
    const [issue] = run(hosp((s) => { s.emergency[0]!.profile = '999'; })).issues;
    expect(issue).toEqual({
      line: 0,
      field: 'emergency[0].profile',
      value: '999',
      code: 'H011',
      severity: 'error',
      message: 'Поле emergency[0].profile: значение «999» — профиль койки не найден в справочнике профилей коек (V020) (H011)',
    });
    const [horizon] = run(hosp((s) => { s.freeBeds[1]!.date = '2026-11-21'; })).issues;
    expect(horizon!.message).toBe('Поле freeBeds[1].date: значение «2026-11-21» — дата вне периода «текущий день и ближайшие десять рабочих дней» (2026-11-20 … 2026-12-04, только рабочие дни) (H009)');
    const [missing] = run(hosp((s) => { delete (s as Partial<Input>).emergency; })).issues;
    expect(missing!.message).toBe('Поле emergency: нет обязательного раздела «в) экстренные госпитализации и выписки после них»; если событий не было, передайте раздел пустым (H005)');
  });

  it('reports every finding of a submission, not only the first', () => {
    const result = run(hosp((s) => { s.freeBeds[0]!.free = -1; s.emergency[0]!.enp = '1'; s.notHospitalized[0]!.reason = '77'; }));
    expect(at(result)).toEqual(['freeBeds[0].free:H010', 'emergency[0].enp:H012', 'notHospitalized[0].reason:H015']);
  });
});

describe('the catalogue', () => {
  it('has every code exercised by a rejecting case (file-form codes in csv.test.ts)', () => {
    const tested = new Set<string>([...cases.map((c) => c.code), 'H006', 'H007']);
    const fileOnly = ['H025', 'H026', 'H027', 'H028', 'H029', 'H030'];
    expect(Object.keys(HOSP_RULES).filter((c) => !tested.has(c) && !fileOnly.includes(c))).toEqual([]);
  });

  it('renders as a markdown table', () => {
    const md = hospitalizationCodesMarkdown().split('\n');
    expect(md[0]).toBe('| Код | Уровень | Проверка |');
    expect(md).toContain('| H011 | ошибка | Профиль койки |');
    expect(md).toContain('| H006 | предупреждение | Раздел не предусмотрен для МО |');
    expect(md).toHaveLength(2 + Object.keys(HOSP_RULES).length);
  });
});
