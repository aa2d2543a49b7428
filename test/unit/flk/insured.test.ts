import { describe, expect, it } from 'vitest';
import { enpMatchesBirth, makeEnp, type Sex } from '../../../shared/identifiers/enp.js';
import { checkSnils, makeSnils } from '../../../shared/identifiers/snils.js';
import { enpFacetMatches, normalizePhone, parseEnp, parseRuDate, parseSnils } from '../../../shared/flk/fields.js';
import { checkInsuredHeader, INSURED_COLUMNS, makeInsuredRowValidator } from '../../../shared/flk/insured.js';
import { tinyRef } from './tiny-ref.js';

const ENP = makeEnp('77', '1985-03-15', 1, 1);

function validatorFor(header: string[]) {
  const check = checkInsuredHeader(header);
  if (!check.ok) throw new Error(check.issues.map((i) => i.message).join('\n'));
  return makeInsuredRowValidator({ region: '77', ref: tinyRef, today: '2025-06-01', columns: check.columns });
}

describe('checkInsuredHeader', () => {
  it('matches names trimmed, case-insensitively, in any order, with a BOM on the first', () => {
    const result = checkInsuredHeader(['\uFEFFsmo', ' Enp ', 'FAM', 'im', 'W', 'dr', 'MO']);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.columns.index.SMO).toBe(0);
    expect(result.columns.index.ENP).toBe(1);
    expect(result.columns.index.SS).toBe(-1);
    expect(result.columns.width).toBe(7);
    expect(result.warnings).toEqual([]);
  });

  it('rejects a file with missing required columns, listing each', () => {
    const result = checkInsuredHeader(['ФАМИЛИЯ', 'ИМЯ']);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.filter((i) => i.code === 'F003').map((i) => i.field)).toEqual(['ENP', 'FAM', 'IM', 'W', 'DR', 'MO', 'SMO']);
    expect(result.issues.filter((i) => i.code === 'F004')).toHaveLength(2);
  });

  it('warns about unknown columns and ignores a trailing empty one', () => {
    const result = checkInsuredHeader([...INSURED_COLUMNS, 'COMMENT', '']);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.warnings.map((w) => [w.code, w.severity, w.field])).toEqual([['F004', 'warning', 'COMMENT']]);
    expect(result.columns.width).toBe(INSURED_COLUMNS.length + 2);
  });
});

describe('insured row validator', () => {
  it('normalizes a valid row into an InsuredPerson', () => {
    const validate = validatorFor([...INSURED_COLUMNS]);
    const result = validate([ENP, '112-233-445 95', ' Иванов ', 'Иван', '', '1', '15.03.1985', '8 (916) 123-45-67', '771001', '77008', 'i11.9, E11.9,I11.9', '01.02.2023', ''], 2);
    expect(result.issues).toEqual([]);
    expect(result.person).toEqual({
      enp: ENP,
      snils: '11223344595',
      fam: 'Иванов',
      im: 'Иван',
      w: 1,
      dr: '1985-03-15',
      phone: '+79161234567',
      mo: '771001',
      smo: '77008',
      dsChronic: ['I11.9', 'E11.9'],
      lastVisit: '2023-02-01',
    });
  });

  it('works with only the required columns and keeps no undefined keys', () => {
    const validate = validatorFor(['ENP', 'FAM', 'IM', 'W', 'DR', 'MO', 'SMO']);
    const { person, issues } = validate([ENP, 'Иванов', 'Иван', '1', '15.03.1985', '771001', '77008'], 2);
    expect(issues).toEqual([]);
    expect(person).toEqual({ enp: ENP, fam: 'Иванов', im: 'Иван', w: 1, dr: '1985-03-15', mo: '771001', smo: '77008', dsChronic: [] });
    expect(Object.values(person!)).not.toContain(undefined);
  });

  it('returns the person with warnings but not with errors, and reports every broken field', () => {
    const validate = validatorFor([...INSURED_COLUMNS]);
    const warned = validate([ENP, '', 'Иванова', 'Анна', '', '2', '15.03.1985', 'нет', '771001', '77008', '', '', '17.05.2024'], 2);
    expect(warned.issues.map((i) => i.code)).toEqual(['R005', 'R019']);
    expect(warned.person?.phone).toBeUndefined();
    expect(warned.person?.dDeath).toBe('2024-05-17');

    const broken = validate(['', '123', '', 'Анна', '', '5', '31.13.1985', '', '000000', '', 'XX', '2023-01-01', ''], 7);
    expect(broken.person).toBeUndefined();
    expect(broken.issues.map((i) => `${i.field}:${i.code}`)).toEqual([
      'ENP:R001',
      'SS:R006',
      'FAM:R001',
      'W:R011',
      'DR:R009',
      'MO:R012',
      'SMO:R001',
      'DS_CHRONIC:R018',
      'LAST_VISIT:R008',
    ]);
    expect(broken.issues.every((i) => i.line === 7)).toBe(true);
  });

  it('checks dates against the day of receipt, DR included', () => {
    const validate = validatorFor(['ENP', 'FAM', 'IM', 'W', 'DR', 'MO', 'SMO', 'DDEATH']);
    const future = validate([ENP, 'И', 'И', '1', '16.03.2030', '771001', '77008', ''], 2);
    expect(future.issues.map((i) => i.code)).toEqual(['R010']);
    expect(future.issues[0]!.message).toContain('01.06.2025');
    const visitBeforeBirth = validatorFor([...INSURED_COLUMNS])([ENP, '', 'И', 'И', '', '1', '15.03.1985', '', '771001', '77008', '', '14.03.1985', ''], 2);
    expect(visitBeforeBirth.issues.map((i) => `${i.field}:${i.code}`)).toEqual(['LAST_VISIT:R020']);
  });

  it('rejects a row with the wrong number of fields without guessing the columns', () => {
    const validate = validatorFor([...INSURED_COLUMNS]);
    const { person, issues } = validate([ENP, 'x'], 4);
    expect(person).toBeUndefined();
    expect(issues).toHaveLength(1);
    expect(issues[0]!.message).toBe('Строка 4: в строке 2 полей, а в заголовке 13 (R017)');
  });
});

describe('field parsers agree with the identifier module', () => {
  it('ЕНП facet check equals enpMatchesBirth for many dates and both sexes', () => {
    for (let i = 0; i < 2000; i++) {
      const year = 1900 + (i % 125);
      const month = 1 + (i % 12);
      const day = 1 + ((i * 7) % 28);
      const iso = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
      const sex = (1 + (i % 2)) as Sex;
      const enp = makeEnp('77', iso, sex, i);
      expect(parseEnp(enp)).toBe('ok');
      const packed = year * 10000 + month * 100 + day;
      expect(enpFacetMatches(enp, packed, sex)).toBe(true);
      const other = (3 - sex) as Sex;
      expect(enpFacetMatches(enp, packed, other)).toBe(enpMatchesBirth(enp, iso, other));
    }
  });

  it('СНИЛС check equals checkSnils, in both written forms', () => {
    for (let i = 0; i < 3000; i++) {
      const nine = String(1_001_990 + i * 331_337).padStart(9, '0').slice(-9);
      const good = makeSnils(nine);
      const bad = nine + String((Number(good.slice(9)) + 1 + (i % 98)) % 100).padStart(2, '0');
      for (const s of [good, bad]) {
        const formatted = `${s.slice(0, 3)}-${s.slice(3, 6)}-${s.slice(6, 9)} ${s.slice(9)}`;
        const expected = checkSnils(s);
        expect(parseSnils(s)).toBe(expected ?? s);
        expect(parseSnils(formatted)).toBe(expected ?? s);
      }
    }
    expect(parseSnils('112-233-445-95')).toBe('11223344595');
    expect(parseSnils('112 233 445 95')).toBe('format');
  });

  it('dates: strict DD.MM.YYYY and the real calendar', () => {
    expect(parseRuDate('29.02.2000')).toBe(20000229);
    expect(parseRuDate('29.02.1900')).toBe('calendar');
    expect(parseRuDate('31.04.2020')).toBe('calendar');
    expect(parseRuDate('00.01.2020')).toBe('calendar');
    expect(parseRuDate('1.01.2020')).toBe('format');
    expect(parseRuDate('01/01/2020')).toBe('format');
    expect(parseRuDate('01.01.20a0')).toBe('format');
  });

  it('phones: +7 and ten digits, separators allowed', () => {
    expect(normalizePhone('+79161234567')).toBe('+79161234567');
    expect(normalizePhone('89161234567')).toBe('+79161234567');
    expect(normalizePhone('79161234567')).toBe('+79161234567');
    expect(normalizePhone('(495) 123-45-67')).toBe('+74951234567');
    expect(normalizePhone('+89161234567')).toBeUndefined();
    expect(normalizePhone('1234567')).toBeUndefined();
    expect(normalizePhone('8916123456x')).toBeUndefined();
    expect(normalizePhone('9161+234567')).toBeUndefined();
  });
});
