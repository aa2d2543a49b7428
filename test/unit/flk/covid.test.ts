import { describe, expect, it } from 'vitest';
import { makeEnp } from '../../../shared/identifiers/enp.js';
import { checkCovidHeader, makeCovidRowValidator } from '../../../shared/flk/covid.js';
import { tinyRef } from './tiny-ref.js';

const ENP = makeEnp('23', '1960-07-01', 2, 42);

function validatorFor(header: string[]) {
  const check = checkCovidHeader(header);
  if (!check.ok) throw new Error(check.issues.map((i) => i.message).join('\n'));
  return makeCovidRowValidator({ ref: tinyRef, today: '2025-06-01', columns: check.columns });
}

describe('checkCovidHeader', () => {
  it('needs DS, DATE_RECOVERY and at least one of ENP, SS', () => {
    expect(checkCovidHeader(['SS', 'DS', 'DATE_RECOVERY']).ok).toBe(true);
    expect(checkCovidHeader(['ENP', 'DS', 'DATE_RECOVERY']).ok).toBe(true);
    const missing = checkCovidHeader(['DS', 'date_recovery']);
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.issues.map((i) => i.message)).toEqual(['Файл: в заголовке нет обязательного столбца ENP или SS (F003)']);
  });
});

describe('COVID row validator', () => {
  const validate = validatorFor(['ENP', 'SS', 'DS', 'DATE_RECOVERY']);

  it('accepts a row identified by ЕНП, by СНИЛС, or by both', () => {
    expect(validate([ENP, '', 'U07.1', '10.10.2021'], 2)).toEqual({ record: { enp: ENP, ds: 'U07.1', dateRecovery: '2021-10-10' }, issues: [] });
    expect(validate(['', '112-233-445 95', 'u07.2 ', '10.10.2021'], 3).record).toEqual({ snils: '11223344595', ds: 'U07.2', dateRecovery: '2021-10-10' });
    expect(validate([ENP, '11223344595', 'U07.1', '01.06.2025'], 4).record).toMatchObject({ enp: ENP, snils: '11223344595' });
  });

  it('rejects rows with any finding and reports each', () => {
    const result = validate(['123', '11223344596', 'J18', '31.06.2021'], 5);
    expect(result.record).toBeUndefined();
    expect(result.issues.map((i) => `${i.field}:${i.code}`)).toEqual(['ENP:R002', 'SS:R007', 'DS:R022', 'DATE_RECOVERY:R009']);
    const empty = validate(['', '', '', ''], 6);
    expect(empty.issues.map((i) => `${i.field}:${i.code}`)).toEqual(['ENP, SS:R021', 'DS:R001', 'DATE_RECOVERY:R001']);
    expect(empty.issues[0]!.message).toBe('Строка 6, поля ENP, SS: не заполнен ни ЕНП, ни СНИЛС: нужен хотя бы один из них (R021)');
  });

  it('checks ЕНП region and date in the future, and the field count', () => {
    const unknownRegion = makeEnp('98', '1960-07-01', 2, 42);
    expect(validate([unknownRegion, '', 'U07.1', '02.06.2025'], 2).issues.map((i) => i.code)).toEqual(['R004', 'R010']);
    expect(validate([ENP, 'U07.1', '10.10.2021'], 2).issues.map((i) => i.code)).toEqual(['R017']);
  });

  it('names only the identifier column the file has in R021', () => {
    const bySnils = validatorFor(['SS', 'DS', 'DATE_RECOVERY']);
    expect(bySnils(['', 'U07.1', '10.10.2021'], 2).issues.map((i) => i.field)).toEqual(['SS']);
  });
});
