import { PassThrough, Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { jsonLines, ndjsonWriter, nonEmptyLines } from '../../../shared/files/ndjson.js';
import { sniffHead, sniffText } from '../../../shared/inbox/head.js';
import { fileVerdict } from '../../../shared/ingest/verdict.js';

const ZIP = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]);

describe('the one head sniffer of the inbox', () => {
  it('tells an XLSX by its ZIP signature, or by name where the caller reads names', () => {
    expect(sniffHead(ZIP)).toEqual({ format: 'xlsx' });
    expect(sniffHead(Buffer.from('ENP;DATE_INF\n'), 'results.xlsx')).toEqual({ format: 'xlsx' });
    expect(sniffHead(Buffer.from('ENP;DATE_INF\n'))).toEqual({ format: 'csv', encoding: 'utf-8' });
  });

  it('gives a CSV its encoding, or the Russian reason it is not text', () => {
    expect(sniffHead(iconv.encode('ЕНП;Дата\r\n', 'win1251'))).toEqual({ format: 'csv', encoding: 'windows-1251' });
    expect(sniffHead(Buffer.from('%PDF-1.7\n'))).toEqual({ format: 'csv', notText: 'это PDF' });
    // A text-only kind (hospitalization CSV) has no XLSX form: a ZIP is simply not text.
    expect(sniffText(Buffer.from('PK\u0003\u0004\0\0\0'))).toMatchObject({ notText: expect.stringMatching(/нулевые байты/) });
  });
});

describe('the one file verdict', () => {
  it('a refused file is REJECTED on its own finding, whatever its rows', () => {
    expect(fileVerdict(10, 0, 0.5, true)).toEqual({ status: 'REJECTED' });
    expect(fileVerdict(0, 0, 0.5, true)).toEqual({ status: 'REJECTED' });
  });

  it('otherwise by rows: none F001, over the share F006, some PARTIAL, none failed ACCEPTED', () => {
    expect(fileVerdict(0, 0, 0.5)).toMatchObject({ status: 'REJECTED', issue: { code: 'F001' } });
    expect(fileVerdict(10, 6, 0.5)).toMatchObject({ status: 'REJECTED', issue: { code: 'F006' } });
    expect(fileVerdict(10, 5, 0.5)).toEqual({ status: 'PARTIAL' });
    expect(fileVerdict(10, 0, 0.5)).toEqual({ status: 'ACCEPTED' });
  });
});

describe('the one NDJSON reader and writer', () => {
  it('round-trips values and skips empty lines, CR LF or LF', async () => {
    const out = new PassThrough();
    const write = ndjsonWriter(out);
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    for (const value of [{ a: 1 }, ['ЕНП', 'x'], 'text']) await write(value);
    out.end();
    await new Promise((resolve) => out.on('end', resolve));
    const read: unknown[] = [];
    for await (const value of jsonLines(Readable.from([Buffer.concat(chunks).toString().replace('\n', '\r\n\n')]))) read.push(value);
    expect(read).toEqual([{ a: 1 }, ['ЕНП', 'x'], 'text']);
    const lines: string[] = [];
    for await (const line of nonEmptyLines(Readable.from(['a\n\nb\r\n']))) lines.push(line);
    expect(lines).toEqual(['a', 'b']);
  });
});
