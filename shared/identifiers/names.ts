import { z } from 'zod';

/**
 * Names people and organizations are known by (ФИО, an SMO's name and contacts, an MO's name in the
 * registry). They are shown to other users and written into files, so text that would render
 * differently from what it stores is refused: control characters (NUL included), lone UTF-16
 * surrogates, bidirectional overrides (a reversed name reads as another), and strings with nothing
 * visible in them.
 */
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/u;
// In a `u` regex a surrogate half only matches when it is not part of a pair.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const BIDI = /[\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
const NOTHING_VISIBLE = /^[\s\u00AD\u180E\u200B-\u200D\u2060\uFEFF]*$/u;
const LETTER = /\p{L}/u;

const codePoint = (ch: string) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

export interface TextRules {
  min?: number;
  max: number;
  /** A name must contain at least one letter (a phone number need not). */
  letters?: boolean;
}

/** What is wrong with a name, in Russian, or undefined. Lengths count the trimmed text. */
export function textProblem(value: string, rules: TextRules): string | undefined {
  const control = CONTROL.exec(value);
  if (control) return `содержит управляющий символ ${codePoint(control[0])}`;
  if (LONE_SURROGATE.test(value)) return 'содержит повреждённый символ (одиночный суррогат UTF-16)';
  const bidi = BIDI.exec(value);
  if (bidi) return `содержит символ управления направлением текста ${codePoint(bidi[0])}`;
  if (NOTHING_VISIBLE.test(value)) return 'пусто: только пробелы или невидимые символы';
  const length = [...value.trim()].length;
  if (rules.min !== undefined && length < rules.min) return `не короче ${rules.min} символов`;
  if (length > rules.max) return `не длиннее ${rules.max} символов`;
  if (rules.letters && !LETTER.test(value)) return 'должно содержать буквы';
  return undefined;
}

/** A zod string checked by `textProblem`, trimmed. */
export function textField(rules: TextRules) {
  return z
    .string()
    .superRefine((value, ctx) => {
      const problem = textProblem(value, rules);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .transform((value) => value.trim());
}

/** ФИО of a person: users, heads, the person named in a B-request. */
export const PersonName = textField({ min: 3, max: 200, letters: true });
/** The name of an organization (an SMO, an MO in the registry). */
export const OrgName = textField({ min: 3, max: 500, letters: true });
