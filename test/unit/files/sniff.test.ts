import { randomBytes } from 'node:crypto';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { notCsvText } from '../../../shared/files/sniff.js';

describe('notCsvText: the head of a file sent as CSV', () => {
  it('passes windows-1251 and UTF-8 tables, with BOM, tabs and CRLF', () => {
    expect(notCsvText(iconv.encode('ENP;FAM;IM\r\n7756410834000012;Ёжиков;Пётр\r\n', 'win1251'))).toBeUndefined();
    expect(notCsvText(Buffer.from('\uFEFFENP;FAM\t;IM\n1;Иванов;Иван\n'))).toBeUndefined();
    expect(notCsvText(Buffer.alloc(0))).toBeUndefined();
  });

  it('names random bytes, NUL bytes and other formats’ signatures in Russian', () => {
    expect(notCsvText(randomBytes(4096))).toMatch(/двоичный файл/);
    expect(notCsvText(Buffer.from('ENP;FAM\n\0\0\0'))).toMatch(/нулевые байты/);
    expect(notCsvText(Buffer.from('%PDF-1.4\n%âãÏÓ'))).toBe('это PDF');
    expect(notCsvText(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0x41]))).toMatch(/XLS/);
    expect(notCsvText(Buffer.from([0x1f, 0x8b, 0x08, 0x00]))).toMatch(/GZIP/);
  });

  it('tolerates a few stray control bytes in a text file, not a high share of them', () => {
    const text = 'ENP;FAM\n' + 'a;b\x01\n'.repeat(10) + 'x'.repeat(1000);
    expect(notCsvText(Buffer.from(text))).toBeUndefined();
    expect(notCsvText(Buffer.from('a\x01\x02\x03\x04b;c\x05\x06\n'))).toMatch(/управляющих символов/);
  });
});
