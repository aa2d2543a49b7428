import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeMatcher, parseBedProfiles, parseHospitalizationReasons } from '../../../shared/hospitalization/reference.js';

const DATA = join(import.meta.dirname, '../../../shared/reference/data');
const read = (name: string): string => readFileSync(join(DATA, name), 'utf8');

describe('shipped НСИ files', () => {
  it('bed profiles load: unique numeric codes, the common profiles present', () => {
    const profiles = parseBedProfiles(read('bed-profiles.csv'));
    expect(profiles.length).toBeGreaterThanOrEqual(40);
    const isProfile = codeMatcher(profiles);
    expect(profiles.find((p) => p.code === '19')?.name).toBe('Кардиологические для взрослых');
    expect(profiles.find((p) => p.code === '61')?.name).toBe('Хирургические для взрослых');
    expect(isProfile('51')).toBe(true);
    expect(isProfile('999')).toBe(false);
    expect(isProfile('019')).toBe(false);
  });

  it('reasons load and include «нет медицинских показаний» (seed 004)', () => {
    const reasons = parseHospitalizationReasons(read('hospitalization-reasons.csv'));
    expect(reasons.find((r) => /нет медицинских показаний/i.test(r.name))?.code).toBe('01');
    expect(codeMatcher(reasons)('10')).toBe(true);
  });
});

describe('parsers refuse bad data', () => {
  it.each([
    ['wrong header', 'KOD;NAME\n1;x', /заголовок/],
    ['non-numeric code', 'CODE;NAME\nA1;x', /не соответствует формату/],
    ['repeated code', 'CODE;NAME\n1;x\n1;y', /повторяется/],
    ['extra field', 'CODE;NAME\n1;x;y', /полей 3/],
    ['no name', 'CODE;NAME\n1; ', /нет наименования/],
    ['empty', 'CODE;NAME\n', /ни одного кода/],
  ])('bed profiles: %s', (_name, text, error) => {
    expect(() => parseBedProfiles(text, 't.csv')).toThrow(error);
  });

  it('reasons need two-digit codes; BOM and CRLF are fine', () => {
    expect(() => parseHospitalizationReasons('CODE;NAME\n1;x')).toThrow(/формату/);
    expect(parseHospitalizationReasons('\uFEFFCODE;NAME\r\n01;Нет медицинских показаний\r\n')).toEqual([{ code: '01', name: 'Нет медицинских показаний' }]);
  });
});
