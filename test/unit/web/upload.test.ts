import { describe, expect, it } from 'vitest';
import { CONNECTION_LOST, uploadFileProblem } from '../../../web/src/upload-checks.js';

const file = (name: string, size: number) => ({ name, size });

describe('a file is checked in the browser before anything is uploaded', () => {
  const rule = { extensions: ['.csv', '.xlsx'], maxBytes: 2 * 1024 * 1024 * 1024 };

  it('accepts a CSV or XLSX of a size within the limit, whatever the case of its extension', () => {
    expect(uploadFileProblem(file('export.csv', 10), rule)).toBeUndefined();
    expect(uploadFileProblem(file('ВЫГРУЗКА.XLSX', 10), rule)).toBeUndefined();
  });

  it('refuses a wrong type, naming the file and the types allowed, in Russian', () => {
    expect(uploadFileProblem(file('scan.pdf', 10), rule)).toBe('Файл «scan.pdf» не подходит: нужен файл CSV или XLSX.');
    expect(uploadFileProblem(file('export', 10), rule)).toBe('Файл «export» не подходит: нужен файл CSV или XLSX.');
  });

  it('refuses an empty file and one above the limit, with sizes in Russian units', () => {
    expect(uploadFileProblem(file('export.csv', 0), rule)).toBe('Файл «export.csv» пустой: выберите заполненный файл.');
    expect(uploadFileProblem(file('export.csv', 3 * 1024 * 1024 * 1024), rule)).toBe('Файл «export.csv» слишком большой: 3 ГБ при допустимых 2 ГБ.');
    expect(uploadFileProblem(file('x.xlsx', 30 * 1024 * 1024), { extensions: ['.xlsx'], maxBytes: 25 * 1024 * 1024 })).toBe('Файл «x.xlsx» слишком большой: 30 МБ при допустимых 25 МБ.');
  });

  it('says a lost connection in words a user acts on', () => {
    expect(CONNECTION_LOST).toMatch(/^Соединение потеряно/);
    expect(CONNECTION_LOST).toContain('Повторить');
  });
});
