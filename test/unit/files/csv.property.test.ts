import { PassThrough } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectEncoding, type TextEncoding } from '../../../shared/files/encoding.js';
import { joinFields, lineBlocksInRange, splitFields } from '../../../shared/files/lines.js';
import { csvSafe, writeProtocols } from '../../../shared/flk/protocol.js';
import { Cp1251CsvWriter } from '../../../shared/informing/writer.js';
import { checkAsyncProperty, checkProperty } from '../../support/property.js';

/**
 * Our `;` CSV (DOMAIN.md §3): what the writers produce, the line reader and splitFields read back.
 * Fields are drawn from the characters that break naive CSV code and the windows-1251 edge
 * characters: ё Ё № « » and the non-breaking space (all in windows-1251: 0xB8 0xA8 0xB9 0xAB 0xBB 0xA0).
 */
const EDGE = [';', '"', '\r', '\n', ' ', 'ё', 'Ё', '№', '«', '»', '\u00A0', 'а', 'Я', 'z', '0', ',', "'", '=', '-', '+', '\t'];
const field = fc.oneof(
  fc.string({ unit: fc.constantFrom(...EDGE), maxLength: 12 }),
  fc.string({ maxLength: 8 }).map((s) => s.replace(/[^\u0020-\u007e]/g, '')),
);
const row = fc.array(field, { minLength: 1, maxLength: 8 });
const rows = fc.array(row, { minLength: 1, maxLength: 6 });

async function* chunksOf(bytes: Buffer, sizes: number[]): AsyncGenerator<Uint8Array> {
  let at = 0;
  for (let i = 0; at < bytes.length; i++) {
    const size = sizes[i % sizes.length]!;
    yield bytes.subarray(at, at + size);
    at += size;
  }
}

/** Every line of a whole file as the ingest reads it, split into fields. */
async function readBack(bytes: Buffer, encoding: TextEncoding, sizes: number[]): Promise<string[][]> {
  const out: string[][] = [];
  for await (const block of lineBlocksInRange(chunksOf(bytes, sizes), { start: 0, end: Number.MAX_SAFE_INTEGER }, encoding)) {
    for (const line of block) out.push(splitFields(line));
  }
  return out;
}

function collected(): { stream: PassThrough; bytes: () => Buffer } {
  const stream = new PassThrough();
  const parts: Buffer[] = [];
  stream.on('data', (b: Buffer) => parts.push(b));
  return { stream, bytes: () => Buffer.concat(parts) };
}

/**
 * What a written field reads back as: itself, except that a line break inside it is written as one
 * space (a row is one line: joinFields in shared/files/lines.ts) — the only change, stated here.
 */
const asWritten = (value: string): string => csvSafe(value).replace(/\r\n|[\r\n]/g, ' ');

const chunkSizes = fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 4 });

describe('CSV quoting round-trips through our writers and reader (properties)', () => {
  it('splitFields inverts joinFields for any fields without a line break', () => {
    const oneLine = row.map((fields) => fields.map((f) => f.replace(/[\r\n]/g, '')));
    checkProperty('CSV: splitFields(joinFields(x)) = x', [oneLine], (fields) => {
      expect(splitFields(joinFields(fields))).toEqual(fields);
    }, { numRuns: 1000 });
  });

  it('the windows-1251 writer (informing files) → bytes → line reader → the same fields', async () => {
    await checkAsyncProperty('CSV: windows-1251 writer round-trip', [rows, chunkSizes], async (table, sizes) => {
      const out = collected();
      const writer = new Cp1251CsvWriter(out.stream);
      for (const fields of table) await writer.row(fields);
      await writer.end();
      const bytes = out.bytes();
      // One line per row whatever the values hold, and every field back as written.
      expect(await readBack(bytes, 'windows-1251', sizes)).toEqual(table.map((fields) => fields.map(asWritten)));
    }, { numRuns: 300 });
  });

  it('the protocol writer (UTF-8 with BOM) → bytes → detected encoding → line reader → the same fields', async () => {
    const issue = fc.record({ line: fc.nat(99), field: field, value: field, message: field });
    await checkAsyncProperty('CSV: UTF-8 BOM protocol round-trip', [fc.array(issue, { maxLength: 5 }), chunkSizes], async (issues, sizes) => {
      const csv = collected();
      const xlsx = collected();
      await writeProtocols(
        { fileId: 'f', fileName: '№1 «ё».csv', key: '77/in/x.csv', sender: '77', receivedAt: '2026-01-01T00:00:00Z', kind: 'insured', status: 'ACCEPTED', rows: 1, acceptedRows: 1, rejectedRows: 0, errors: 0, warnings: 0 },
        (async function* () {
          for (const i of issues) yield { ...i, code: 'R001', severity: 'error' as const };
        })(),
        { csv: csv.stream, xlsx: xlsx.stream },
      );
      const bytes = csv.bytes();
      expect(detectEncoding(bytes)).toBe('utf-8');
      const lines = await readBack(bytes, 'utf-8', sizes);
      expect(lines).toHaveLength(13 + 2 + issues.length); // summary, blank line, header, one line per issue
      const tail = lines.slice(-issues.length || lines.length);
      if (issues.length) {
        const plain = (v: string) => v.replace(/\r\n|[\r\n]/g, ' ');
        expect(tail).toEqual(issues.map((i) => [i.line ? String(i.line) : '', plain(i.field), asWritten(i.value), 'R001', 'ошибка', plain(i.message)]));
      }
      expect(lines[0]).toEqual(['Протокол ФЛК', '№1 «ё».csv']);
    }, { numRuns: 60 });
  });
});
