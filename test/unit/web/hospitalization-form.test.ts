import { describe, expect, it } from 'vitest';
import { buildBody, checkForm, emptyForm, place, type FormDay, type FormState } from '../../../web/src/pages/mo/hospitalization-form.js';
import { ENP1, ENP2, FOR_DATE, HORIZON, HOSPITAL, POLYCLINIC } from '../hospitalization/fixtures.js';

/**
 * The console's form checks a day with the server's own rules (shared/hospitalization): the body it
 * builds from what was typed, and each finding placed back on its grid cell or input.
 */
const day = (mo = HOSPITAL, sections: FormDay['sections'] = ['freeBeds', 'hospitalized', 'emergency', 'notHospitalized', 'referredIn', 'referralsIssued']): FormDay => ({
  mo,
  timeZone: 'Europe/Moscow',
  today: HORIZON[0]!,
  forDate: FOR_DATE,
  dueAt: '2026-11-20T06:00:00.000Z',
  horizon: HORIZON,
  sections,
  bedProfiles: [{ code: '19', name: 'Кардиологические' }, { code: '61', name: 'Терапевтические' }],
  reasons: [{ code: '01', name: 'Отказ пациента' }],
  columns: [],
});
const allNone = (): FormState => ({ ...emptyForm(), none: { freeBeds: true, hospitalized: true, emergency: true, notHospitalized: true, referredIn: true, referralsIssued: true } });

describe('the daily hospitalization form', () => {
  it('an untouched form leaves every owed section out, and the server’s H005 names each one', () => {
    const { built, placed, errors } = checkForm(day(), emptyForm());
    expect(built.body).toEqual({ mo: HOSPITAL.code, forDate: FOR_DATE });
    expect(errors).toBe(6);
    expect(placed.map((p) => [p.issue.code, p.at])).toEqual([
      ['H005', 'freeBeds'], ['H005', 'hospitalized'], ['H005', 'emergency'], ['H005', 'notHospitalized'], ['H005', 'referredIn'], ['H005', 'referralsIssued'],
    ]);
    expect(placed[0]!.issue.message).toBe('Поле freeBeds: нет обязательного раздела «а) свободные места по профилям коек»; если событий не было, передайте раздел пустым (H005)');
  });

  it('every section marked «событий не было» is a valid day of empty lists; a polyclinic owes only referrals issued', () => {
    expect(checkForm(day(), allNone()).errors).toBe(0);
    expect(buildBody(day(POLYCLINIC, ['referralsIssued']), allNone()).body).toEqual({ mo: POLYCLINIC.code, forDate: FOR_DATE, referralsIssued: [] });
  });

  it('the grid sends filled cells only, on the horizon’s days; a count without release date is H002 on that cell', () => {
    const form = allNone();
    form.beds = [{ profile: '19', cells: [{ free: 3, releaseDate: FOR_DATE }, {}, { free: 0 }] }, { profile: '61', cells: [{}, { free: 2 }] }];
    const { built, placed } = checkForm(day(), form);
    expect(built.body.freeBeds).toEqual([
      { profile: '19', date: HORIZON[0], free: 3, releaseDate: FOR_DATE },
      { profile: '19', date: HORIZON[2], free: 0 },
      { profile: '61', date: HORIZON[1], free: 2 },
    ]);
    expect(placed.map((p) => [p.issue.code, p.at])).toEqual([['H002', 'freeBeds.1.1']]);
  });

  it('a person record’s findings land on its inputs: a short ЕНП, a bad check digit, a date after the day', () => {
    const form = allNone();
    form.rows.hospitalized = [
      { enp: ENP1, profile: '19', referringMo: POLYCLINIC.code, admissionDate: FOR_DATE },
      { enp: ENP2.slice(0, 15), profile: '19', referringMo: POLYCLINIC.code, admissionDate: FOR_DATE },
    ];
    form.rows.emergency = [{ enp: `${ENP1.slice(0, 15)}${(Number(ENP1[15]) + 1) % 10}`, profile: '61', admissionDate: HORIZON[1] }];
    const { placed, errors } = checkForm(day(), form);
    expect(errors).toBe(2);
    expect(placed.map((p) => [p.issue.code, p.at])).toEqual([
      ['H012', 'hospitalized.1.enp'],
      ['H013', 'emergency.0.enp'],
    ]);
    expect(placed[0]!.issue.message).toContain('ЕНП должен состоять из 16 цифр (H012)');
  });

  it('blank required fields are sent blank (H002 each), blank optional ones are left out', () => {
    const form = allNone();
    form.rows.referralsIssued = [{ enp: ' ', profile: '19', targetMo: '390001', hospitalizationDate: HORIZON[1], dischargeDate: '' }];
    const { built, placed } = checkForm(day(), form);
    expect(built.body.referralsIssued).toEqual([{ enp: '', profile: '19', targetMo: '390001', hospitalizationDate: HORIZON[1] }]);
    expect(placed.map((p) => p.at)).toEqual(['referralsIssued.0.enp']);
  });

  it('places the server’s own protocol findings the same way', () => {
    const origins = { freeBeds: ['freeBeds.0.0', 'freeBeds.2.4'], hospitalized: ['hospitalized.0'] };
    const issue = (field: string) => ({ code: 'H014', severity: 'error' as const, field, section: null, row: null, value: '', message: '' });
    expect(place(issue('hospitalized[0].referringMo'), origins).at).toBe('hospitalized.0.referringMo');
    expect(place(issue('freeBeds[1].releaseDate'), origins).at).toBe('freeBeds.2.4');
    expect(place(issue('freeBeds[1]'), origins).at).toBe('freeBeds.2.4');
    expect(place(issue('referredIn'), origins).at).toBe('referredIn');
    expect(place(issue(''), origins).at).toBe('');
  });
});
