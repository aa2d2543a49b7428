import { describe, expect, it } from 'vitest';
import { checkEnp, enpBirthFacet, enpMatchesBirth, makeEnp } from '../../../shared/identifiers/enp.js';
import { luhnCheckDigit, passesLuhn } from '../../../shared/identifiers/luhn.js';
import { checkSnils, formatSnils, makeSnils, normalizeSnils, snilsControl } from '../../../shared/identifiers/snils.js';

describe('ЕНП (DOMAIN.md §1)', () => {
  it('builds the DOMAIN.md §1 example: man, 15.03.1985, region 77, counter 00001', () => {
    expect(makeEnp('77', '1985-03-15', 1, 1)).toBe('7756410834000012');
  });

  it('encodes month +20 up to 1950, +40 for 1951–2000, nothing after; day +50 for men', () => {
    expect(enpBirthFacet('1950-12-31', 2)).toBe(invert('32' + '0591' + '31'));
    expect(enpBirthFacet('1951-01-01', 2)).toBe(invert('41' + '1591' + '01'));
    expect(enpBirthFacet('2001-07-09', 1)).toBe(invert('07' + '1002' + '59'));
  });

  it('rejects wrong length, non-digits and a wrong check digit with distinct problems', () => {
    expect(checkEnp('7756410834000012')).toBeUndefined();
    expect(checkEnp('775641083400001')).toBe('format');
    expect(checkEnp('77564108340000a2')).toBe('format');
    expect(checkEnp('7756410834000013')).toBe('checksum');
  });

  it('compares the birth facet with DR and W', () => {
    expect(enpMatchesBirth('7756410834000012', '1985-03-15', 1)).toBe(true);
    expect(enpMatchesBirth('7756410834000012', '1985-03-15', 2)).toBe(false);
  });

  it('uses the standard Luhn algorithm', () => {
    expect(luhnCheckDigit('7992739871')).toBe(3);
    expect(passesLuhn('79927398713')).toBe(true);
    expect(passesLuhn('79927398710')).toBe(false);
  });
});

describe('СНИЛС (DOMAIN.md §1)', () => {
  it('accepts the DOMAIN.md §1 example in both forms', () => {
    expect(checkSnils('112-233-445 95')).toBeUndefined();
    expect(checkSnils('11223344595')).toBeUndefined();
    expect(normalizeSnils('112-233-445 95')).toBe('11223344595');
  });

  it('maps sums of 100 and 101 to 00 and larger sums mod 101', () => {
    expect(snilsControl('001326678')).toBe(99); // sum 99
    expect(snilsControl('001508815')).toBe(0); // sum 100
    expect(snilsControl('001437544')).toBe(0); // sum 101
    expect(snilsControl('001318759')).toBe(1); // sum 102 → 102 mod 101
    expect(snilsControl('990000001')).toBe(53); // sum 154 → 154 mod 101
    expect(snilsControl('006996682')).toBe(0); // sum 201 → 100 → 00
  });

  it('rejects a wrong control number and malformed text', () => {
    expect(checkSnils('112-233-445 96')).toBe('checksum');
    expect(checkSnils('112-233-44595')).toBe('format');
    expect(checkSnils('1122334459')).toBe('format');
  });

  it('does not check numbers up to 001-001-998', () => {
    expect(checkSnils('001-001-998 00')).toBeUndefined();
    expect(checkSnils('001-001-999 00')).toBe('checksum');
  });

  it('round-trips built numbers', () => {
    const s = makeSnils('123456789');
    expect(checkSnils(s)).toBeUndefined();
    expect(checkSnils(formatSnils(s))).toBeUndefined();
  });
});

const invert = (digits: string) => digits.replace(/\d/g, (d) => String(9 - Number(d)));
