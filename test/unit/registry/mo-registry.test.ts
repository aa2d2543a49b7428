import { describe, expect, it } from 'vitest';
import { acceptEffects } from '../../../shared/access/effects.js';
import { createDocument } from '../../../shared/access/documents.js';
import type { NotificationPayload } from '../../../shared/access/payloads.js';
import { MoRegistry, moLookup, type MoChange } from '../../../shared/domain/mo-registry.js';
import { checkInsuredHeader, INSURED_COLUMNS, makeInsuredRowValidator } from '../../../shared/flk/insured.js';
import { evaluate, type Obligation } from '../../../shared/obligations/model.js';
import { dailyObligations } from '../../../shared/obligations/plan.js';
import { dutyOutsideRegistry } from '../../../shared/obligations/registry.js';
import { tinyRef } from '../flk/tiny-ref.js';

/**
 * Issue 12 item 3: one MO registry — the shipped MOs (tinyRef: 771001, 771004 of 77, 231001 of 23)
 * and the accepted A-notifications, read as of a date by ФЛК, daily duties and the documents.
 */
const EXCLUDED_FROM = '2027-03-01';
const exclude: MoChange = { mo: '771004', effectiveFrom: EXCLUDED_FROM, included: false, data: {}, docId: 'doc-exclude', acceptedAt: '2027-02-10T08:00:00.000Z' };
const NEW_DATA = { name: 'ООО «Новая клиника»', primaryCare: true, dayHospital: true, specializedInpatient: false };
const include: MoChange = { mo: '779999', effectiveFrom: '2027-02-01', included: true, data: NEW_DATA, docId: 'doc-include', acceptedAt: '2027-01-20T08:00:00.000Z' };
const registry = (changes: MoChange[] = [exclude, include], knownAt?: string) => new MoRegistry('77', tinyRef.mos.values(), changes, knownAt);

describe('the MO registry as of a date', () => {
  it('is the shipped MOs of the region before any change', () => {
    expect([...registry().at('2027-01-31').keys()]).toEqual(['771001', '771004']);
  });

  it('an inclusion is in force from its effective date, with the region of its code', () => {
    expect(registry().at('2027-01-31').has('779999')).toBe(false);
    expect(registry().at('2027-02-01').get('779999')).toEqual({ code: '779999', region: '77', ...NEW_DATA });
  });

  it('an exclusion ends the MO from its effective date, not before', () => {
    expect(registry().at('2027-02-28').has('771004')).toBe(true);
    expect(registry().at(EXCLUDED_FROM).has('771004')).toBe(false);
    expect(registry().entryAt('771004', EXCLUDED_FROM)).toMatchObject({ included: false, docId: 'doc-exclude', effectiveFrom: EXCLUDED_FROM });
  });

  it('a change of data does not bring an excluded MO back', () => {
    const rename: MoChange = { mo: '771004', effectiveFrom: '2027-04-01', data: { name: 'Другое имя' }, docId: 'doc-change', acceptedAt: '2027-03-20T08:00:00.000Z' };
    expect(registry([exclude, rename]).at('2027-04-01').has('771004')).toBe(false);
    expect(registry([rename]).at('2027-04-01').get('771004')?.name).toBe('Другое имя');
  });

  it('a change without an inclusion never makes an MO: its flags are unknown', () => {
    const orphan: MoChange = { mo: '778888', effectiveFrom: '2027-01-01', data: { name: 'Без включения' }, docId: 'doc-orphan' };
    expect(registry([orphan]).at('2027-06-01').has('778888')).toBe(false);
  });

  it('as known at an instant: a notification accepted later is left out', () => {
    expect(registry([exclude], '2027-02-10T07:59:59.999Z').at(EXCLUDED_FROM).has('771004')).toBe(true);
    expect(registry([exclude], '2027-02-10T08:00:00.000Z').at(EXCLUDED_FROM).has('771004')).toBe(false);
  });

  it('two changes on one date: the one accepted later wins', () => {
    const back: MoChange = { ...include, mo: '771004', effectiveFrom: EXCLUDED_FROM, docId: 'doc-back', acceptedAt: '2027-02-11T08:00:00.000Z' };
    expect(registry([back, exclude]).at(EXCLUDED_FROM).get('771004')?.name).toBe(NEW_DATA.name);
    expect(registry([{ ...back, acceptedAt: '2027-02-09T08:00:00.000Z' }, exclude]).at(EXCLUDED_FROM).has('771004')).toBe(false);
  });

  it('looks other regions’ codes up in the shipped data, the region’s own in its registry', () => {
    const lookup = moLookup('77', registry().at(EXCLUDED_FROM), tinyRef.mos);
    expect([lookup('779999')?.name, lookup('771004'), lookup('231001')?.region]).toEqual([NEW_DATA.name, undefined, '23']);
  });
});

describe('ФЛК R012 reads the registry in force on the file’s day', () => {
  const header = checkInsuredHeader([...INSURED_COLUMNS]);
  if (!header.ok) throw new Error('header');
  const row = (mo: string) => ['7756410834000012', '', 'Иванов', 'Иван', 'Иванович', '1', '15.03.1985', '', mo, '77008', '', '', ''];
  const validate = (day: string) => makeInsuredRowValidator({ region: '77', ref: tinyRef, mos: registry().at(day), today: day, columns: header.columns });
  const codes = (day: string, mo: string) => validate(day)(row(mo), 2).issues.map((i) => i.code);

  it('an included MO passes from its date; before it, R012', () => {
    expect(codes('2027-01-31', '779999')).toEqual(['R012']);
    expect(codes('2027-02-01', '779999')).toEqual([]);
  });

  it('an excluded MO fails R012 from its date', () => {
    expect(codes('2027-02-28', '771004')).toEqual([]);
    expect(codes(EXCLUDED_FROM, '771004')).toEqual(['R012']);
  });

  it('an MO of another region is still R013, an unknown code of the region R012', () => {
    expect(codes(EXCLUDED_FROM, '231001')).toEqual(['R013']);
    expect(codes(EXCLUDED_FROM, '771999')).toEqual(['R012']);
  });
});

describe('daily hospitalization duties follow the registry', () => {
  const region = tinyRef.regions.get('77')!;
  const duties = (day: string) => dailyObligations(region, day, registry().at(day).values()).map((o) => o.party.code);

  it('an excluded MO has duties before the exclusion’s date and none from it', () => {
    expect(duties('2027-02-28')).toEqual(['771001', '771004', '779999']);
    expect(duties(EXCLUDED_FROM)).toEqual(['771001', '779999']);
  });

  it('a duty planned before the exclusion was accepted is cancelled, not violated; earlier days stay', () => {
    const [after] = dailyObligations(region, EXCLUDED_FROM, tinyRef.mos.values()).filter((o) => o.party.code === '771004') as [Obligation];
    const [before] = dailyObligations(region, '2027-02-28', tinyRef.mos.values()).filter((o) => o.party.code === '771004') as [Obligation];
    const fact = dutyOutsideRegistry(after, registry())!;
    expect(fact).toEqual({ status: 'not-applicable', evidence: 'на 01.03.2027 МО 771004 не в реестре медицинских организаций: исключена с 01.03.2027 (уведомление doc-exclude)' });
    expect(evaluate(after, fact, new Date('2027-03-05T00:00:00Z'))).toEqual({ change: 'cancelled', evidence: fact.evidence });
    expect(dutyOutsideRegistry(before, registry())).toBeUndefined();
  });

  it('a campaign step of an MO excluded by its deadline does not apply; one due before, or of an MO the registry never knew, stays', () => {
    const [daily] = dailyObligations(region, EXCLUDED_FROM, tinyRef.mos.values()).filter((o) => o.party.code === '771004') as [Obligation];
    const step = (code: string, dueDate: string): Obligation => ({ ...daily, kind: 'campaign-step', step: '2.2', forDate: undefined, party: { type: 'MO', code }, dueDate });
    const fact = dutyOutsideRegistry(step('771004', '2027-03-05'), registry())!;
    expect(fact).toEqual({
      status: 'not-applicable',
      evidence: 'МО 771004 исключена из реестра медицинских организаций с 01.03.2027 (уведомление doc-exclude): к сроку 05.03.2027 п. 2.2 к ней не применяется',
    });
    expect(dutyOutsideRegistry(step('771004', EXCLUDED_FROM), registry())?.status).toBe('not-applicable');
    expect(dutyOutsideRegistry(step('771004', '2027-02-28'), registry())).toBeUndefined();
    expect(dutyOutsideRegistry(step('771999', '2027-03-05'), registry())).toBeUndefined();
    expect(dutyOutsideRegistry({ ...step('771004', '2027-03-05'), party: { type: 'TFOMS', code: '77' } }, registry())).toBeUndefined();
  });
});

describe('what a notification may change, on the registry of its date', () => {
  const effects = (payload: NotificationPayload, changes: MoChange[] = [exclude]) => {
    const doc = createDocument('d', 'A', payload, { snils: '11223344595', fio: 'Т', org: payload.mo, isHead: true, grants: [], active: true }, '2027-01-01T00:00:00.000Z');
    return acceptEffects(doc, { registry: registry(changes).entryAt(payload.mo, payload.effectiveDate) });
  };

  it('refuses to include an MO already in, to exclude or change one not in', () => {
    expect(effects({ type: 'include', mo: '771001', effectiveDate: '2027-05-01', data: NEW_DATA }).refused).toContain('уже в реестре');
    expect(effects({ type: 'exclude', mo: '771004', effectiveDate: '2027-05-01' }).refused).toContain('нет в реестре: исключать нечего');
    expect(effects({ type: 'change', mo: '771004', effectiveDate: '2027-05-01', data: { name: 'Х' } }).refused).toContain('include');
    expect(effects({ type: 'change', mo: '779998', effectiveDate: '2027-05-01', data: { name: 'Х' } }).refused).toContain('Поле payload.effectiveDate');
  });

  it('admits an inclusion of a new or excluded MO and the exclusion of one in force', () => {
    expect(effects({ type: 'include', mo: '779998', effectiveDate: '2027-05-01', data: NEW_DATA }).refused).toBeUndefined();
    expect(effects({ type: 'include', mo: '771004', effectiveDate: '2027-05-01', data: NEW_DATA }).refused).toBeUndefined();
    expect(effects({ type: 'exclude', mo: '771004', effectiveDate: '2027-02-28' }).refused).toBeUndefined();
  });
});
