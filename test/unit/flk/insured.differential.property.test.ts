import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkInsuredHeader, INSURED_COLUMNS, makeInsuredRowValidator } from '../../../shared/flk/insured.js';
import { makeEnp } from '../../../shared/identifiers/enp.js';
import { makeSnils } from '../../../shared/identifiers/snils.js';
import { loadReferenceData } from '../../../shared/reference/load.js';
import { checkProperty } from '../../support/property.js';
import { checkInsuredHeader as referenceHeader, makeInsuredRowValidator as referenceValidator } from './reference/insured.js';

/**
 * The insured-row ФЛК was rewritten for speed (issue 14 item 3). `./reference/` holds the
 * implementation as it was before; on any sequence of rows — near-valid values of every column,
 * mutated ones and arbitrary text, in any column order — both give deep-equal results, person and
 * findings alike. One validator per sequence, so state kept between rows (memos) is exercised too.
 */

const ref = loadReferenceData();
const TODAY = '2025-06-01';
const mos = [...ref.mos.keys()];
const smos = [...ref.smos.keys()];
const REGION = '77';
const ours = (codes: ReadonlyMap<string, { region: string }>) => [...codes].filter(([, v]) => v.region === REGION).map(([k]) => k);

const isoDate = fc.date({ min: new Date('1890-01-01'), max: new Date('2027-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const ruDate = fc.oneof(
  { weight: 6, arbitrary: isoDate.map((iso) => iso.split('-').reverse().join('.')) },
  { weight: 1, arbitrary: fc.constantFrom('31.02.2020', '00.01.2000', '29.02.1900', '29.02.2000', '1985-03-15', '15.3.1985', '32.12.1999', '01.13.1999', '01.01.0000', ' 01.01.1990', '01.01.1990 ', '0a.01.2000', '01.0/.2000', '01.01.200:', '12.03.1799', '29.02.1804', '01.01.2100') },
);
const enp = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.constantFrom('77', '23', '50', '00', '99'), isoDate, fc.constantFrom(1 as const, 2 as const), fc.nat(99_999)).map(([r, dr, sex, n]) => makeEnp(r, dr, sex, n)) },
  { weight: 1, arbitrary: fc.stringMatching(/^\d{15,17}$/) },
  { weight: 1, arbitrary: fc.stringMatching(/^\d{16}$/) },
);
const snils = fc.oneof(
  fc.stringMatching(/^\d{9}$/).map((nine) => makeSnils(nine)),
  fc.stringMatching(/^\d{9}$/).map((nine) => makeSnils(nine)).map((s) => `${s.slice(0, 3)}-${s.slice(3, 6)}-${s.slice(6, 9)} ${s.slice(9)}`),
  fc.stringMatching(/^\d{3}-\d{3}-\d{3}[ -]\d{2}$/),
  fc.stringMatching(/^\d{11}$/),
  fc.constantFrom('1234567890a', '12345678 01', '/2345678901', '00100199800', '00100199812', '00100199900', '001-001-999 00', '001-001-998 47'),
);
const phone = fc.oneof(fc.stringMatching(/^\+7\d{10}$/), fc.stringMatching(/^(\+7|8|7)?[ (]?\d{3}[) -]?\d{3}-?\d{2}-?\d{2}$/), fc.constantFrom('8-916', '+8 916 123 45 67', '++79161234567'));
const code = (codes: string[]) => fc.oneof(fc.constantFrom(...codes), fc.constantFrom('771001', '231001', '999999', '77008', '23001', '', ' 77008'));
const icd = fc.oneof(fc.constantFrom('I69.3', 'J45.9,J06.9', 'I11.9, E11.9', 'I11,,XX', 'e11.9', 'I10,I10', ' , ', 'Z99.9'), fc.string({ maxLength: 12 }));
const name = fc.oneof(fc.constantFrom('Иванов', 'Ёлкина-Щукина', ' Пётр ', '', 'Ф'.repeat(40), 'Ф'.repeat(41), '\u00A0'), fc.string({ maxLength: 45 }));
const anything = fc.oneof(fc.string({ maxLength: 20 }), fc.string({ unit: 'grapheme', maxLength: 12 }));

const byColumn: Record<(typeof INSURED_COLUMNS)[number], fc.Arbitrary<string>> = {
  ENP: enp,
  SS: fc.oneof(snils, fc.constant('')),
  FAM: name,
  IM: name,
  OT: name,
  W: fc.constantFrom('1', '2', '3', '', ' 1', 'М'),
  DR: ruDate,
  PHONE: fc.oneof(phone, fc.constant('')),
  MO: code(mos),
  SMO: code(smos),
  DS_CHRONIC: fc.oneof(icd, fc.constant('')),
  LAST_VISIT: fc.oneof(ruDate, fc.constant('')),
  DDEATH: fc.oneof(ruDate, fc.constant(''), fc.constant('')),
};

const pastDate = fc.date({ min: new Date('1900-01-01'), max: new Date('2025-05-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10).split('-').reverse().join('.'));
/** Values every rule accepts (the row then yields a person: the fields it is built from are compared too). */
const validByColumn: Record<(typeof INSURED_COLUMNS)[number], fc.Arbitrary<string>> = {
  ENP: fc.tuple(isoDate, fc.constantFrom(1 as const, 2 as const), fc.nat(99_999)).map(([dr, sex, n]) => makeEnp(REGION, dr, sex, n)),
  SS: fc.oneof(snils.filter((s) => s.length === 11), fc.constant('')),
  FAM: fc.constantFrom('Иванов', 'Ёлкина-Щукина', ' Пётр '),
  IM: fc.constantFrom('Анна', 'Пётр'),
  OT: fc.constantFrom('Ивановна', ''),
  W: fc.constantFrom('1', '2'),
  DR: pastDate,
  PHONE: fc.oneof(fc.stringMatching(/^\+7\d{10}$/), fc.constant('')),
  MO: fc.constantFrom(...ours(ref.mos)),
  SMO: fc.constantFrom(...ours(ref.smos)),
  DS_CHRONIC: fc.constantFrom('', 'I69.3', 'J45.9,J06.9', 'i10, I10'),
  LAST_VISIT: fc.oneof(pastDate, fc.constant('')),
  DDEATH: fc.oneof(pastDate, fc.constant(''), fc.constant('')),
};

/** A header (all columns or the required ones, shuffled) and rows for it; some rows of another width. */
const file = fc
  .tuple(fc.shuffledSubarray([...INSURED_COLUMNS], { minLength: INSURED_COLUMNS.length }), fc.subarray(['SS', 'OT', 'PHONE', 'DS_CHRONIC', 'LAST_VISIT', 'DDEATH'] as const))
  .chain(([all, dropped]) => {
    const header = all.filter((c) => !(dropped as readonly string[]).includes(c));
    const row = fc.tuple(...header.map((c) => fc.oneof({ weight: 60, arbitrary: validByColumn[c] }, { weight: 2, arbitrary: byColumn[c] }, { weight: 1, arbitrary: anything })));
    const odd = fc.array(anything, { maxLength: header.length + 2 });
    return fc.tuple(fc.constant(header), fc.array(fc.oneof({ weight: 12, arbitrary: row }, { weight: 1, arbitrary: odd }), { minLength: 1, maxLength: 40 }));
  });

describe('insured ФЛК: the fast validator agrees with the previous one (differential property)', () => {
  it('same person and same findings for every row', () => {
    let persons = 0;
    checkProperty('insured ФЛК: new ≡ reference', [file, fc.constantFrom(REGION, REGION, '23')], ([header, rows], region) => {
      const check = checkInsuredHeader(header);
      const before = referenceHeader(header);
      expect(check).toStrictEqual(before);
      if (!check.ok || !before.ok) return;
      const validate = makeInsuredRowValidator({ region, ref, today: TODAY, columns: check.columns });
      const previous = referenceValidator({ region, ref, today: TODAY, columns: before.columns });
      rows.forEach((fields, i) => {
        const result = validate(fields, i + 2);
        expect(result).toStrictEqual(previous(fields, i + 2));
        if (result.person) persons++;
      });
    }, { numRuns: 300 });
    // The comparison is only as strong as its valid rows: most sequences must produce persons.
    console.log(`insured ФЛК: new ≡ reference: ${persons} persons compared`);
    expect(persons).toBeGreaterThan(150);
  });
});
