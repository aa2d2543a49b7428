import { luhnCheckDigit, passesLuhn } from './luhn.js';

/**
 * ЕНП — единый номер полиса ОМС (DOMAIN.md §1): 16 digits; 1–2 region code; 3–10 birth date and sex;
 * 11–15 counter; 16 Luhn check digit over the whole number.
 */
export type Sex = 1 | 2; // V005: 1 male, 2 female

export type EnpProblem = 'format' | 'checksum';

const SIXTEEN_DIGITS = /^\d{16}$/;

export function checkEnp(enp: string): EnpProblem | undefined {
  if (!SIXTEEN_DIGITS.test(enp)) return 'format';
  if (!passesLuhn(enp)) return 'checksum';
  return undefined;
}

export function enpRegion(enp: string): string {
  return enp.slice(0, 2);
}

const invert = (digits: string): string => digits.replace(/\d/g, (d) => String(9 - Number(d)));
const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Digits 3–10 for a birth date (ISO `YYYY-MM-DD`) and sex. */
export function enpBirthFacet(birthDate: string, sex: Sex): string {
  const [year, month, day] = birthDate.split('-').map(Number) as [number, number, number];
  const monthCode = month + (year <= 1950 ? 20 : year <= 2000 ? 40 : 0);
  const dayCode = day + (sex === 1 ? 50 : 0);
  const reversedYear = String(year).padStart(4, '0').split('').reverse().join('');
  return invert(pad2(monthCode) + reversedYear + pad2(dayCode));
}

/** Builds a valid ЕНП; `counter` is 0…99999. */
export function makeEnp(region: string, birthDate: string, sex: Sex, counter: number): string {
  const body = region + enpBirthFacet(birthDate, sex) + String(counter).padStart(5, '0');
  return body + String(luhnCheckDigit(body));
}

/** Whether digits 3–10 agree with the birth date and sex (a mismatch is only a warning). */
export function enpMatchesBirth(enp: string, birthDate: string, sex: Sex): boolean {
  return enp.slice(2, 10) === enpBirthFacet(birthDate, sex);
}
