/**
 * Char-loop parsers for the ФЛК hot path: one pass over the characters, no regexes, no
 * allocation unless a value has to be rebuilt. Each returns a problem tag the validators map to a
 * rule code.
 */
import type { ReferenceData } from '../../../../shared/reference/types.js';

const D0 = 48;
const isDigit = (c: number): boolean => c >= D0 && c <= D0 + 9;

/** Field text without surrounding blanks (the common untouched case costs two char reads). */
export function clean(value: string | undefined): string {
  if (!value) return '';
  return value.charCodeAt(0) <= 32 || value.charCodeAt(value.length - 1) <= 32 ? value.trim() : value;
}

export function allDigits(s: string, from = 0, to = s.length): boolean {
  for (let i = from; i < to; i++) if (!isDigit(s.charCodeAt(i))) return false;
  return true;
}

const num2 = (s: string, i: number): number => (s.charCodeAt(i) - D0) * 10 + s.charCodeAt(i + 1) - D0;
const num4 = (s: string, i: number): number => num2(s, i) * 100 + num2(s, i + 2);

// ---- dates -------------------------------------------------------------------------------------

/** A `DD.MM.YYYY` date as YYYYMMDD (comparable); 'format' or 'calendar' when it is not one. */
export type DateParse = number | 'format' | 'calendar';

export function parseRuDate(s: string): DateParse {
  if (s.length !== 10 || s.charCodeAt(2) !== 46 || s.charCodeAt(5) !== 46) return 'format';
  if (!allDigits(s, 0, 2) || !allDigits(s, 3, 5) || !allDigits(s, 6, 10)) return 'format';
  const day = num2(s, 0);
  const month = num2(s, 3);
  const year = num4(s, 6);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || year < 1) return 'calendar';
  return year * 10000 + month * 100 + day;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** ISO `YYYY-MM-DD` of a date already accepted by parseRuDate. */
export const isoOfRu = (s: string): string => `${s.slice(6, 10)}-${s.slice(3, 5)}-${s.slice(0, 2)}`;

/** YYYYMMDD of an ISO date. */
export const packIso = (iso: string): number => Number(iso.slice(0, 4)) * 10000 + Number(iso.slice(5, 7)) * 100 + Number(iso.slice(8, 10));

export const ruOfIso = (iso: string): string => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;

// ---- ЕНП -------------------------------------------------------------------------------------

export type EnpParse = 'ok' | 'format' | 'checksum';

/** DOMAIN.md §1: 16 digits passing Luhn over the whole number (same as identifiers/enp, no slicing). */
export function parseEnp(s: string): EnpParse {
  if (s.length !== 16) return 'format';
  let sum = 0;
  for (let i = 15, double = false; i >= 0; i--, double = !double) {
    let d = s.charCodeAt(i) - D0;
    if (d < 0 || d > 9) return 'format';
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0 ? 'ok' : 'checksum';
}

/** Region code (digits 1–2) of a well-formed ЕНП as a number 0…99. */
export const enpRegionNumber = (enp: string): number => num2(enp, 0);

/**
 * Whether digits 3–10 encode the birth date (YYYYMMDD) and sex (DOMAIN.md §1): month +20 if born
 * ≤1950, +40 if 1951–2000; day +50 for men; each digit d written as 9−d, year reversed.
 */
export function enpFacetMatches(enp: string, birth: number, sex: 1 | 2): boolean {
  const year = Math.floor(birth / 10000);
  const month = Math.floor(birth / 100) % 100;
  const day = birth % 100;
  const monthCode = month + (year <= 1950 ? 20 : year <= 2000 ? 40 : 0);
  const dayCode = day + (sex === 1 ? 50 : 0);
  const reversedYear = (year % 10) * 1000 + (Math.floor(year / 10) % 10) * 100 + (Math.floor(year / 100) % 10) * 10 + Math.floor(year / 1000) % 10;
  return num2(enp, 2) === 99 - monthCode && num4(enp, 4) === 9999 - reversedYear && num2(enp, 8) === 99 - dayCode;
}

/** Region codes as a 100-slot table: a lookup by two digits without building a string. */
export function regionTable(ref: ReferenceData): Uint8Array {
  const table = new Uint8Array(100);
  for (const code of ref.regions.keys()) if (code.length === 2 && allDigits(code)) table[Number(code)] = 1;
  return table;
}

// ---- СНИЛС -------------------------------------------------------------------------------------

/** The canonical 11 digits, or the problem (a string tag, not an object: this runs per row). */
export type SnilsParse = string | SnilsProblem;
export type SnilsProblem = 'format' | 'checksum';

export const isSnilsProblem = (r: SnilsParse): r is SnilsProblem => r === 'format' || r === 'checksum';

/**
 * DOMAIN.md §1: 11 digits, or `NNN-NNN-NNN NN` (a `-` before the control number is tolerated too).
 * The control number is checked only above 001-001-998.
 */
export function parseSnils(s: string): SnilsParse {
  let digits: string;
  if (s.length === 11) {
    if (!allDigits(s)) return 'format';
    digits = s;
  } else if (s.length === 14) {
    const last = s.charCodeAt(11);
    if (s.charCodeAt(3) !== 45 || s.charCodeAt(7) !== 45 || (last !== 32 && last !== 45)) return 'format';
    if (!allDigits(s, 0, 3) || !allDigits(s, 4, 7) || !allDigits(s, 8, 11) || !allDigits(s, 12, 14)) return 'format';
    digits = s.slice(0, 3) + s.slice(4, 7) + s.slice(8, 11) + s.slice(12, 14);
  } else return 'format';
  let number = 0;
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    const d = digits.charCodeAt(i) - D0;
    number = number * 10 + d;
    sum += d * (9 - i);
  }
  if (number <= 1001998) return digits;
  const rest = sum % 101;
  const control = sum < 100 ? sum : sum <= 101 || rest === 100 ? 0 : rest;
  return control === num2(digits, 9) ? digits : 'checksum';
}

// ---- phone -------------------------------------------------------------------------------------

/**
 * `+7XXXXXXXXXX` from 10 national digits, optionally after `+7`, `7` or `8`; spaces, `-` and
 * brackets are allowed between digits. Undefined when it is not such a number.
 */
export function normalizePhone(s: string): string | undefined {
  if (s.length === 12 && s.charCodeAt(0) === 43 && s.charCodeAt(1) === 55 && allDigits(s, 2)) return s; // already canonical
  let digits = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isDigit(c)) digits += s[i];
    else if (c === 43 /* + */) {
      if (i !== 0) return undefined;
    } else if (c !== 32 && c !== 45 && c !== 40 && c !== 41) return undefined;
  }
  const plus = s.charCodeAt(0) === 43;
  if (digits.length === 10 && !plus) return `+7${digits}`;
  if (digits.length !== 11) return undefined;
  const first = digits.charCodeAt(0);
  if (first === 55 || (first === 56 && !plus)) return `+7${digits.slice(1)}`;
  return undefined;
}

// ---- ICD-10 list --------------------------------------------------------------------------------

export type IcdList = { codes: string[]; bad?: undefined } | { codes?: undefined; bad: string[] };

const ICD_MEMO_LIMIT = 50_000;

/**
 * Parser of comma-separated ICD-10 lists: items trimmed and upper-cased, repeats and empty items
 * dropped. Judgement is the reference data's `isIcd10`, memoized per distinct item (a file repeats
 * a few thousand codes millions of times).
 */
export function icdListParser(isIcd10: (code: string) => boolean): (text: string) => IcdList {
  const memo = new Map<string, string | null>(); // raw item → code, '' when blank, null when malformed
  const judge = (raw: string): string | null => {
    let code = memo.get(raw);
    if (code === undefined) {
      const normalized = raw.trim().toUpperCase();
      code = normalized === '' ? '' : isIcd10(normalized) ? normalized : null;
      if (memo.size < ICD_MEMO_LIMIT) memo.set(raw, code);
    }
    return code;
  };
  return (text) => {
    const codes: string[] = [];
    let bad: string[] | undefined;
    let from = 0;
    for (;;) {
      const comma = text.indexOf(',', from);
      const raw = comma < 0 ? text.substring(from) : text.substring(from, comma);
      const code = judge(raw);
      if (code === null) (bad ??= []).push(raw.trim());
      else if (code !== '' && !codes.includes(code)) codes.push(code);
      if (comma < 0) break;
      from = comma + 1;
    }
    return bad ? { bad } : { codes };
  };
}
