import { describe, expect, it } from 'vitest';
import { PersonName, textProblem } from '../../../shared/identifiers/names.js';

describe('names shown to people (ФИО, SMO names and contacts)', () => {
  const refused: Array<[string, string, RegExp]> = [
    ['NUL', '\u0000\u0000\u0000', /управляющий символ U\+0000/],
    ['a control character inside', 'Иванов\u0007 Иван', /U\+0007/],
    ['a line break', 'Иванов\nИван', /U\+000A/],
    ['C1 control', 'Иванов\u0085Иван', /U\+0085/],
    ['a lone high surrogate', 'Иванов \uD800', /суррогат/],
    ['a lone low surrogate', '\uDC00Иванов', /суррогат/],
    ['right-to-left override', 'Иванов \u202EнавИ', /U\+202E/],
    ['left-to-right embedding', '\u202AИванов', /U\+202A/],
    ['isolate', 'Иванов \u2066Иван\u2069', /U\+2066/],
    ['right-to-left mark', 'Иванов\u200F', /U\+200F/],
    ['left-to-right mark', 'Иванов\u200E', /U\+200E/],
    ['whitespace only', '   \u00A0 ', /пусто/],
    ['zero-width only', '\u200B\u200C\u200D\uFEFF', /пусто/],
    ['too short once trimmed', '  Ив  ', /не короче 3/],
    ['no letters', '12345', /буквы/],
  ];
  for (const [what, value, message] of refused) {
    it(`refuses ${what}`, () => {
      expect(textProblem(value, { min: 3, max: 200, letters: true })).toMatch(message);
      expect(PersonName.safeParse(value).success).toBe(false);
    });
  }

  it('accepts real names, with a well-formed pair of surrogates, trimmed', () => {
    expect(PersonName.parse('  Иванов-Петров Иван Иванович ')).toBe('Иванов-Петров Иван Иванович');
    expect(PersonName.parse("O'Neil Ёжиков")).toBe("O'Neil Ёжиков");
    expect(PersonName.parse('Кузнецова 𝔄нна')).toBe('Кузнецова 𝔄нна');
  });

  it('counts characters, not UTF-16 units, against the maximum', () => {
    expect(textProblem('𝔄'.repeat(3), { max: 3 })).toBeUndefined();
    expect(textProblem('Я'.repeat(4), { max: 3 })).toMatch(/не длиннее 3/);
  });
});
