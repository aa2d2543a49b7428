import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkEnp, makeEnp } from '../../../shared/identifiers/enp.js';
import { luhnCheckDigit } from '../../../shared/identifiers/luhn.js';
import { checkSnils, formatSnils, makeSnils } from '../../../shared/identifiers/snils.js';
import { parseEnp, parseSnils } from '../../../shared/flk/fields.js';
import { checkProperty } from '../../support/property.js';

const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));
/** Position and a different digit: one substitution. */
const substitution = (length: number) => fc.tuple(fc.nat(length - 1), fc.integer({ min: 1, max: 9 }));
const substitute = (s: string, [at, shift]: [number, number]): string => s.slice(0, at) + String((Number(s[at]) + shift) % 10) + s.slice(at + 1);

const validEnp = fc.oneof(
  digits(15).map((body) => body + String(luhnCheckDigit(body))),
  fc
    .record({ region: digits(2), date: fc.date({ min: new Date('1900-01-01'), max: new Date('2026-12-31'), noInvalidDate: true }), sex: fc.constantFrom(1 as const, 2 as const), counter: fc.nat(99_999) })
    .map(({ region, date, sex, counter }) => makeEnp(region, date.toISOString().slice(0, 10), sex, counter)),
);

/** DOMAIN.md §1: numbers up to 001-001-998 predate the control rule and are not checked. */
const UNCHECKED_UP_TO = 1_001_998;
const weightedSum = (nine: string): number => [...nine].reduce((s, d, i) => s + Number(d) * (9 - i), 0);
const checkedNine = digits(9).filter((nine) => Number(nine) > UNCHECKED_UP_TO);

describe('ЕНП: Luhn over 16 digits (properties)', () => {
  it('any valid number passes, in both checkers', () => {
    checkProperty('ЕНП: valid passes', [validEnp], (enp) => {
      expect(checkEnp(enp)).toBeUndefined();
      expect(parseEnp(enp)).toBe('ok');
    }, { numRuns: 500 });
  });

  /**
   * Luhn catches every single-digit substitution: an undoubled digit moves the sum by 1…9; a
   * doubled one maps 0…9 to 0,2,4,6,8,1,3,5,7,9 — a permutation — so it moves the sum by a
   * non-zero amount under 10 too. No exception class, the check digit included.
   */
  it('any single-digit change fails with «checksum»', () => {
    checkProperty('ЕНП: one digit changed fails', [validEnp, substitution(16)], (enp, change) => {
      const changed = substitute(enp, change);
      expect(checkEnp(changed)).toBe('checksum');
      expect(parseEnp(changed)).toBe('checksum');
    }, { numRuns: 1000 });
  });

  it('the ФЛК hot-path parser agrees with shared/identifiers on any text', () => {
    const text = fc.oneof(digits(16), fc.string({ minLength: 14, maxLength: 18 }), validEnp.map((e) => ` ${e}`), fc.string());
    checkProperty('ЕНП: parseEnp ≡ checkEnp', [text], (s) => {
      expect(parseEnp(s)).toBe(checkEnp(s) ?? 'ok');
    }, { numRuns: 1000 });
  });
});

describe('СНИЛС: control number mod 101 (properties)', () => {
  it('any valid number passes, plain and written NNN-NNN-NNN NN, in both checkers', () => {
    checkProperty('СНИЛС: valid passes', [digits(9)], (nine) => {
      const snils = makeSnils(nine);
      for (const form of [snils, formatSnils(snils)]) {
        expect(checkSnils(form)).toBeUndefined();
        expect(parseSnils(form)).toBe(snils);
      }
    }, { numRuns: 1000 });
  });

  /**
   * The control number is (S mod 101) mod 100, S = Σ digit·weight, weights 9…1. Changing one of
   * the first nine digits moves S by weight·δ, 1 ≤ |weight·δ| ≤ 81 < 101, so S mod 101 always
   * changes; only the final «mod 100» can hide it, by folding residue 100 onto 0 (both give «00»).
   * That needs |weight·δ| = 1: exactly the ninth digit moved by ±1 between a sum ≡ 0 and a sum
   * ≡ 100 (mod 101). The two control digits are compared as a whole, so changing either always
   * fails. And a change that takes the number to 001-001-998 or below is not checked at all (DOMAIN.md §1).
   * Everything outside these two classes must fail; the property states both exactly.
   */
  const undetectable = (nine: string, changedNine: string): boolean => {
    if (Number(changedNine) <= UNCHECKED_UP_TO) return true;
    const before = weightedSum(nine) % 101;
    const after = weightedSum(changedNine) % 101;
    return (before === 0 && after === 100) || (before === 100 && after === 0);
  };

  it('any single-digit change fails, except exactly the two classes the algorithm cannot see', () => {
    checkProperty('СНИЛС: one digit changed fails (unless undetectable)', [checkedNine, substitution(11)], (nine, change) => {
      const snils = makeSnils(nine);
      const changed = substitute(snils, change);
      const expected = undetectable(nine, changed.slice(0, 9)) ? undefined : 'checksum';
      expect(checkSnils(changed)).toBe(expected);
      expect(parseSnils(changed)).toBe(expected ?? changed);
    }, { numRuns: 1500 });
  });

  it('the undetectable class is real and no larger: ninth digit ±1 across residues 0 ↔ 100', () => {
    // Sums ≡ 0 (mod 101) with a ninth digit below 9: raising it by one lands on … ≡ 1, detected;
    // lowering it lands on ≡ 100 — control «00» again.
    const zeroResidue = digits(8)
      .chain((eight) => fc.constant(eight + String((101 - (weightedSum(eight + '0') % 101)) % 101)))
      .filter((nine) => nine.length === 9 && Number(nine) > UNCHECKED_UP_TO + 1 && nine[8] !== '0');
    checkProperty('СНИЛС: residue 0 → 100 passes unseen', [zeroResidue], (nine) => {
      expect(weightedSum(nine) % 101).toBe(0);
      const snils = makeSnils(nine);
      expect(snils.slice(9)).toBe('00');
      const lowered = substitute(snils, [8, 9]); // ninth digit − 1
      expect(weightedSum(lowered.slice(0, 9)) % 101).toBe(100);
      expect(checkSnils(lowered)).toBeUndefined();
      // Every other single change of the same number is caught.
      for (let at = 0; at < 11; at++) {
        for (let shift = 1; shift <= 9; shift++) {
          if (at === 8 && shift === 9) continue;
          const changed = substitute(snils, [at, shift]);
          if (Number(changed.slice(0, 9)) <= UNCHECKED_UP_TO) continue;
          expect(checkSnils(changed), changed).toBe('checksum');
        }
      }
    }, { numRuns: 60 });
  });

  it('the ФЛК hot-path parser agrees with shared/identifiers on any text', () => {
    const text = fc.oneof(digits(11), digits(9).map((n) => formatSnils(makeSnils(n))), fc.string({ minLength: 10, maxLength: 15 }), fc.string());
    checkProperty('СНИЛС: parseSnils ≡ checkSnils', [text], (s) => {
      const problem = checkSnils(s);
      const parsed = parseSnils(s);
      if (problem) expect(parsed).toBe(problem);
      else expect(parsed).toMatch(/^\d{11}$/);
    }, { numRuns: 1000 });
  });
});
