import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, parseSubmissionCsv, submissionToCsv, validateSubmissionCsv } from '../../../shared/hospitalization/csv.js';
import { validateSubmission } from '../../../shared/hospitalization/submission.js';
import { DAY_HOSPITAL, ENP1, FOR_DATE, HOSPITAL, POLYCLINIC, ctxFor, hospitalSubmission, polyclinicSubmission } from './fixtures.js';

const HEADER = CSV_COLUMNS.join(';');
const at = (issues: { line: number; field: string; code: string }[]): string[] => issues.map((i) => `${i.line}:${i.field}:${i.code}`);
/** A row by column name, in header order. */
const row = (v: Partial<Record<(typeof CSV_COLUMNS)[number], string>>): string => CSV_COLUMNS.map((c) => v[c] ?? '').join(';');
const ZGLV = row({ SECTION: 'ZGLV', CODE_MO: POLYCLINIC.code, DATE: '19.11.2026' });
const ISSUED = row({ SECTION: 'REFERRALS_ISSUED', ENP: ENP1, PROFIL_K: '19', MO_HOSP: HOSPITAL.code, DATE_1: '24.11.2026' });
const file = (...lines: string[]): string => `${lines.join('\n')}\n`;
const poly = ctxFor(POLYCLINIC);

describe('CSV form round-trips to the JSON form', () => {
  it.each([
    ['§263 + §264 hospital', hospitalSubmission(), HOSPITAL],
    ['§264-only polyclinic', polyclinicSubmission(), POLYCLINIC],
    ['day hospital with empty sections', { mo: DAY_HOSPITAL.code, forDate: FOR_DATE, freeBeds: [{ profile: '51', date: '2026-11-20', free: 0 }], hospitalized: [], emergency: [], notHospitalized: [], referredIn: [] }, DAY_HOSPITAL],
  ] as const)('%s', (_name, json, mo) => {
    const csv = submissionToCsv(json);
    const parsed = parseSubmissionCsv(csv);
    expect(parsed.issues).toEqual([]);
    expect(parsed.input).toEqual(json);
    const fromCsv = validateSubmissionCsv(csv, ctxFor(mo));
    expect(fromCsv).toEqual(validateSubmission(json, ctxFor(mo)));
    expect(fromCsv.issues).toEqual([]);
    expect(fromCsv.submission).toEqual(json);
  });

  it('gives the same findings as JSON, placed at physical lines and file columns', () => {
    const json = hospitalSubmission();
    json.freeBeds[0]!.profile = '999';
    json.emergency[1]!.dischargeDate = '2026-11-20';
    json.referralsIssued[0]!.enp = '123';
    const csv = submissionToCsv(json);
    const parsed = parseSubmissionCsv(csv);
    const viaJson = validateSubmission(json, ctxFor(HOSPITAL));
    const viaCsv = validateSubmission(parsed.input, ctxFor(HOSPITAL));
    expect(viaCsv).toEqual(viaJson);

    const result = validateSubmissionCsv(csv, ctxFor(HOSPITAL));
    expect(result.submission).toBeUndefined();
    // header 1, ZGLV 2, free beds 3–5, hospitalized 6, emergency 7–8, not hospitalized 9, referred in 10, issued 11
    expect(at(result.issues)).toEqual(['3:PROFIL_K:H011', '8:DATE_2:H021', '11:ENP:H012']);
    expect(result.issues.map((i) => i.code)).toEqual(viaJson.issues.map((i) => i.code));
    expect(result.issues[0]!.message).toBe('Строка 3, поле PROFIL_K: значение «999» — профиль койки не найден в справочнике профилей коек (V020) (H011)');
  });

  it('accepts a BOM, CRLF, blank lines, lower-case section codes and a trailing «;»', () => {
    const csv = `\uFEFF${HEADER}\r\n${ZGLV}\r\n\r\n${ISSUED.replace('REFERRALS_ISSUED', 'referrals_issued')};\r\n`;
    const result = validateSubmissionCsv(csv, poly);
    expect(result.issues).toEqual([]);
    expect(result.submission!.referralsIssued).toEqual([{ enp: ENP1, profile: '19', targetMo: HOSPITAL.code, hospitalizationDate: '2026-11-24' }]);
  });

  it('counts physical lines across blank lines', () => {
    const result = validateSubmissionCsv(file(HEADER, ZGLV, '', '', ISSUED.replace('19', '999')), poly);
    expect(at(result.issues)).toEqual(['5:PROFIL_K:H011']);
  });
});

describe('file-form findings', () => {
  it('H008: dates must be ДД.ММ.ГГГГ and exist', () => {
    const result = validateSubmissionCsv(file(HEADER, ZGLV, ISSUED.replace('24.11.2026', '31.11.2026')), poly);
    expect(at(result.issues)).toEqual(['3:DATE_1:H008']);
    expect(result.issues[0]!.message).toBe('Строка 3, поле DATE_1: значение «31.11.2026» — дата должна быть существующей датой в формате ДД.ММ.ГГГГ (H008)');
    const zglv = validateSubmissionCsv(file(HEADER, ZGLV.replace('19.11.2026', '2026-11-19x'), ISSUED), poly);
    expect(at(zglv.issues)).toEqual(['2:DATE:H008']);
  });

  it('H010 and H001 keep the file\'s own values', () => {
    const csv = file(
      HEADER,
      row({ SECTION: 'ZGLV', CODE_MO: HOSPITAL.code, DATE: '19.11.2026' }),
      row({ SECTION: 'FREE_BEDS', PROFIL_K: '19', DATE: '20.11.2026', FREE: 'пять' }),
      row({ SECTION: 'FREE_BEDS', PROFIL_K: '22', DATE: '20.11.2026', FREE: '-2' }),
      row({ SECTION: 'HOSPITALIZED', ENP: ENP1, PROFIL_K: '19', NPR_MO: POLYCLINIC.code, DATE_1: '19.11.2026', VMP: 'да' }),
      row({ SECTION: 'EMERGENCY' }),
      row({ SECTION: 'NOT_HOSPITALIZED' }),
      row({ SECTION: 'REFERRED_IN' }),
      row({ SECTION: 'REFERRALS_ISSUED' }),
    );
    const result = validateSubmissionCsv(csv, ctxFor(HOSPITAL));
    expect(at(result.issues)).toEqual(['3:FREE:H010', '4:FREE:H010', '5:VMP:H001']);
    expect(result.issues[2]!.message).toContain('признак ВМП должен быть 1 или 0');
  });

  it('H005: a section with no row at all is missing (line 0, SECTION)', () => {
    const result = validateSubmissionCsv(file(HEADER, ZGLV), poly);
    expect(at(result.issues)).toEqual(['0:SECTION:H005']);
    expect(result.issues[0]!.message).toMatch(/^Файл: нет обязательного раздела/);
    expect(validateSubmissionCsv(file(HEADER, ZGLV, row({ SECTION: 'REFERRALS_ISSUED' })), poly).issues).toEqual([]);
  });

  it('H025: an unknown section', () => {
    const result = validateSubmissionCsv(file(HEADER, ZGLV, ISSUED, row({ SECTION: 'BEDS', PROFIL_K: '19' })), poly);
    expect(at(result.issues)).toEqual(['4:SECTION:H025']);
    expect(result.submission).toBeUndefined();
  });

  it('H026: no header, no SECTION column, a repeated column', () => {
    expect(at(parseSubmissionCsv('').issues)).toEqual(['0::H026']);
    expect(at(parseSubmissionCsv(file('CODE_MO;DATE', '230136;19.11.2026')).issues)).toEqual(['1:SECTION:H026']);
    expect(at(parseSubmissionCsv(file('SECTION;ENP;enp', ZGLV)).issues)).toEqual(['1:ENP:H026']);
    expect(validateSubmissionCsv(file('section;code_mo;date;enp;profil_k;mo_hosp;date_1', `ZGLV;${POLYCLINIC.code};19.11.2026;;;;`, `REFERRALS_ISSUED;;;${ENP1};19;${HOSPITAL.code};24.11.2026`), poly).issues).toEqual([]);
  });

  it('H027: a row with a different number of fields is rejected, the rest is checked', () => {
    const result = validateSubmissionCsv(file(HEADER, ZGLV, 'REFERRALS_ISSUED;1;2', ISSUED), poly);
    expect(at(result.issues)).toEqual(['3::H027']);
    expect(result.submission).toBeUndefined();
  });

  it('H028: an unknown column is a warning and is ignored', () => {
    const result = validateSubmissionCsv(file(`${HEADER};NOTE`, `${ZGLV};a`, `${ISSUED};b`), poly);
    expect(at(result.issues)).toEqual(['1:NOTE:H028']);
    expect(result.issues[0]!.severity).toBe('warning');
    expect(result.submission).toBeDefined();
  });

  it('H029: a value in a column the section does not have is a warning and is ignored', () => {
    const result = validateSubmissionCsv(file(HEADER, ZGLV, ISSUED.replace(`${ENP1};`, `${ENP1};230143`)), poly);
    expect(at(result.issues)).toEqual(['3:NPR_MO:H029']);
    expect(result.submission!.referralsIssued![0]).not.toHaveProperty('referringMo');
  });

  it('H030: exactly one ZGLV row', () => {
    const missing = validateSubmissionCsv(file(HEADER, ISSUED), poly);
    expect(at(missing.issues)).toEqual(['0:SECTION:H030', '0:CODE_MO:H002', '0:DATE:H002']);
    const twice = validateSubmissionCsv(file(HEADER, ZGLV, ISSUED, ZGLV), poly);
    expect(at(twice.issues)).toEqual(['4:SECTION:H030']);
    expect(twice.issues[0]!.message).toBe('Строка 4, поле SECTION: значение «ZGLV» — строка заголовка сведений (SECTION = ZGLV) повторяется (первая — в строке 2) (H030)');
  });

  it('H003 and H004 point at the ZGLV row', () => {
    const result = validateSubmissionCsv(file(HEADER, row({ SECTION: 'ZGLV', CODE_MO: HOSPITAL.code, DATE: '18.11.2026' }), ISSUED), poly);
    expect(at(result.issues)).toEqual(['2:CODE_MO:H003', '2:DATE:H004']);
  });
});
