import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/services/api/http.js';
import { exportFileName } from '../../../shared/services/api/exports.js';

describe('the name of an export uploaded through the API', () => {
  it('keeps a plain name, Cyrillic included', () => {
    expect(exportFileName('Выгрузка_39-2026.csv')).toBe('Выгрузка_39-2026.csv');
    expect(exportFileName('export.XLSX')).toBe('export.XLSX');
  });

  it('cannot leave its folder: slashes, dots in front and control characters become «_»', () => {
    expect(exportFileName('../../77/insured/x.csv')).toBe('__.._77_insured_x.csv');
    expect(exportFileName('a\nb c.csv')).toBe('a_b_c.csv');
  });

  it('refuses a file that is neither CSV nor XLSX, naming the field', () => {
    expect(() => exportFileName('export.exe')).toThrow(ApiError);
    expect(() => exportFileName('export.exe')).toThrow(/Поле name: «export\.exe» — нужен файл \.csv или \.xlsx/);
  });
});
