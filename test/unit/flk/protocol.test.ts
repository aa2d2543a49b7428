import { PassThrough, Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { splitFields } from '../../../shared/files/lines.js';
import { duplicateEnpIssue, fileIssue, rowIssue } from '../../../shared/flk/codes.js';
import { csvSafe, writeProtocols, type ProtocolSummary } from '../../../shared/flk/protocol.js';
import type { FlkIssue } from '../../../shared/flk/types.js';

const SUMMARY: ProtocolSummary = {
  fileId: 'f0123456789abcdef012',
  fileName: 'export;2025.csv',
  key: '77/insured/export;2025.csv',
  sender: '77',
  receivedAt: '2025-06-01T07:30:00.000Z',
  kind: 'insured',
  status: 'PARTIAL',
  rows: 10,
  acceptedRows: 8,
  rejectedRows: 2,
  errors: 3,
  warnings: 1,
  encoding: 'windows-1251',
};

const ISSUES: FlkIssue[] = [
  fileIssue('F004', { field: 'COMMENT', value: 'Comment' }),
  rowIssue('R002', 3, 'ENP', '775641083400001'),
  rowIssue('R019', 4, 'PHONE', '=HYPERLINK("x";"y")'),
  rowIssue('R001', 5, 'FAM', ''),
  duplicateEnpIssue(9, '7756410834000012', 2),
];

/** Collects a stream's bytes while the writer runs (the XLSX writer needs a live consumer). */
function sink(): { stream: PassThrough; bytes: Promise<Buffer> } {
  const stream = new PassThrough();
  const bytes = (async () => {
    const parts: Buffer[] = [];
    for await (const part of stream) parts.push(part as Buffer);
    return Buffer.concat(parts);
  })();
  return { stream, bytes };
}

async function* each<T>(items: Iterable<T>): AsyncGenerator<T> {
  yield* items;
}

async function write(summary: ProtocolSummary, issues: AsyncIterable<FlkIssue>) {
  const csv = sink();
  const xlsx = sink();
  await writeProtocols(summary, issues, { csv: csv.stream, xlsx: xlsx.stream });
  return { csv: await csv.bytes, xlsx: await xlsx.bytes };
}

describe('writeProtocols', () => {
  it('writes a CSV Excel can open: UTF-8 BOM, summary, header, one quoted row per issue', async () => {
    const { csv } = await write(SUMMARY, each(ISSUES));
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.toString('utf8').slice(1).split('\r\n');
    expect(lines.at(-1)).toBe('');
    const rows = lines.slice(0, -1).map(splitFields);
    expect(rows[0]).toEqual(['Протокол ФЛК', 'export;2025.csv']);
    expect(rows).toContainEqual(['Статус', 'ПРИНЯТ ЧАСТИЧНО']);
    expect(rows).toContainEqual(['Ошибок', '3']);
    const headerAt = rows.findIndex((r) => r[0] === 'Строка');
    expect(rows[headerAt]).toEqual(['Строка', 'Поле', 'Значение', 'Код', 'Уровень', 'Сообщение']);
    expect(rows[headerAt - 1]).toEqual(['']);
    const body = rows.slice(headerAt + 1);
    expect(body.map((r) => [r[0], r[1], r[3], r[4]])).toEqual([
      ['', 'COMMENT', 'F004', 'предупреждение'],
      ['3', 'ENP', 'R002', 'ошибка'],
      ['4', 'PHONE', 'R019', 'предупреждение'],
      ['5', 'FAM', 'R001', 'ошибка'],
      ['9', 'ENP', 'R016', 'ошибка'],
    ]);
    expect(body.map((r) => r[5])).toEqual(ISSUES.map((i) => i.message));
    // A value that Excel would run as a formula is defused in the CSV (the XLSX stores text).
    expect(body[2]![2]).toBe(`'=HYPERLINK("x";"y")`);
  });

  it('writes an XLSX with a «Сводка» and an «Ошибки» sheet', async () => {
    const { xlsx } = await write({ ...SUMMARY, status: 'REJECTED' }, each(ISSUES));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Сводка', 'Ошибки']);
    const summary = new Map<string, unknown>();
    wb.getWorksheet('Сводка')!.eachRow((row) => summary.set(String(row.getCell(1).value), row.getCell(2).value));
    expect(summary.get('Статус')).toBe('ОТКЛОНЁН');
    expect(summary.get('Строк данных')).toBe(10);
    expect(summary.get('Идентификатор файла')).toBe(SUMMARY.fileId);
    const table: unknown[][] = [];
    wb.getWorksheet('Ошибки')!.eachRow((row) => table.push((row.values as unknown[]).slice(1)));
    expect(table[0]).toEqual(['Строка', 'Поле', 'Значение', 'Код', 'Уровень', 'Сообщение']);
    expect(table.slice(1).map((r) => [r[0] ?? null, r[3], r[5]])).toEqual(ISSUES.map((i) => [i.line || null, i.code, i.message]));
    expect(table[2]![2]).toBe('775641083400001'); // ЕНП kept as text, not a number
  });

  it('shows the receipt time on the sender region’s clock with the zone named: a typed date-time in the XLSX', async () => {
    const { csv, xlsx } = await write({ ...SUMMARY, sender: '39', key: '39/insured/export.csv' }, each([]));
    expect(csv.toString('utf8')).toContain('Получен (Europe/Kaliningrad, UTC+2);01.06.2025 09:30:00\r\n');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
    const row = wb.getWorksheet('Сводка')!.getRows(1, 20)!.find((r) => String(r.getCell(1).value).startsWith('Получен'))!;
    expect(row.getCell(1).value).toBe('Получен (Europe/Kaliningrad, UTC+2)');
    expect(row.getCell(2).type).toBe(ExcelJS.ValueType.Date);
    expect((row.getCell(2).value as Date).toISOString()).toBe('2025-06-01T09:30:00.000Z'); // wall clock, no zone in the file
    expect(row.getCell(2).numFmt).toBe('dd.mm.yyyy hh:mm:ss');
    const moscow = await write(SUMMARY, each([]));
    expect(moscow.csv.toString('utf8')).toContain('Получен (Europe/Moscow, UTC+3);01.06.2025 10:30:00\r\n');
    const federal = await write({ ...SUMMARY, sender: 'federal', key: 'federal/covid/a.csv' }, each([]));
    expect(federal.csv.toString('utf8')).toContain('Получен (Europe/Moscow, UTC+3)');
  });

  it('names every status in Russian', async () => {
    const statuses = { ACCEPTED: 'ПРИНЯТ', PARTIAL: 'ПРИНЯТ ЧАСТИЧНО', REJECTED: 'ОТКЛОНЁН', DUPLICATE: 'ПОВТОРНЫЙ ФАЙЛ' } as const;
    for (const [status, ru] of Object.entries(statuses)) {
      const { csv } = await write({ ...SUMMARY, status: status as ProtocolSummary['status'] }, each([]));
      expect(csv.toString('utf8')).toContain(`Статус;${ru}\r\n`);
    }
  });

  it('streams many issues through slow consumers without buffering them all', async () => {
    const count = 8_000;
    async function* many(): AsyncGenerator<FlkIssue> {
      for (let i = 0; i < count; i++) yield rowIssue('R011', i + 2, 'W', String(i % 7));
    }
    let produced = 0;
    async function* counted(): AsyncGenerator<FlkIssue> {
      for await (const issue of many()) {
        produced++;
        yield issue;
      }
    }
    // A CSV consumer that takes one chunk per macrotask: the writer must wait for it ('drain').
    let maxAhead = 0;
    let csvBytes = 0;
    const slow = new Writable({
      highWaterMark: 16 * 1024,
      write(chunk: Buffer, _enc, done) {
        csvBytes += chunk.length;
        maxAhead = Math.max(maxAhead, slow.writableLength);
        setImmediate(done);
      },
    });
    const xlsx = sink();
    const finished = new Promise((resolve) => slow.on('finish', resolve));
    await writeProtocols(SUMMARY, counted(), { csv: slow, xlsx: xlsx.stream });
    await finished;
    expect(produced).toBe(count);
    expect(maxAhead).toBeLessThan(256 * 1024);
    expect(csvBytes).toBeGreaterThan(count * 50);
    expect(maxAhead).toBeGreaterThan(0); // the consumer really was behind
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await xlsx.bytes) as unknown as ArrayBuffer);
    expect(wb.getWorksheet('Ошибки')!.rowCount).toBe(count + 1);
  });

  it('keeps the XLSX compressor’s backlog bounded when the producer is faster than deflate', async () => {
    // exceljs writes sheet XML into the zip ignoring backpressure; without waiting for the
    // compressor the whole sheet piles up in memory and reaches the output only at the end.
    const count = 30_000;
    let received = 0;
    let receivedAtHalf = 0;
    async function* issues(): AsyncGenerator<FlkIssue> {
      for (let i = 0; i < count; i++) {
        if (i === count / 2) receivedAtHalf = received;
        yield rowIssue('R011', i + 2, 'W', String(i % 7));
      }
    }
    const fast = () => new Writable({ write: (_chunk, _enc, done) => done() });
    const xlsx = new Writable({
      write: (chunk: Buffer, _enc, done) => {
        received += chunk.length;
        done();
      },
    });
    await writeProtocols(SUMMARY, issues(), { csv: fast(), xlsx });
    if (!xlsx.writableFinished) await new Promise((resolve) => xlsx.on('finish', resolve));
    expect(receivedAtHalf / received).toBeGreaterThan(0.3);
  });

  it('destroys both outputs when the issues fail, so uploads abort instead of hanging', async () => {
    async function* failing(): AsyncGenerator<FlkIssue> {
      yield ISSUES[1]!;
      throw new Error('staged issues unreadable');
    }
    const csv = sink();
    const xlsx = sink();
    await expect(writeProtocols(SUMMARY, failing(), { csv: csv.stream, xlsx: xlsx.stream })).rejects.toThrow('staged issues unreadable');
    expect(csv.stream.destroyed && xlsx.stream.destroyed).toBe(true);
    await expect(csv.bytes).rejects.toThrow();
    await expect(xlsx.bytes).rejects.toThrow();
  });
});

describe('csvSafe', () => {
  it('defuses formula-like values but keeps phones and negative numbers', () => {
    expect(csvSafe('=1+1')).toBe("'=1+1");
    expect(csvSafe('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvSafe('-cmd')).toBe("'-cmd");
    expect(csvSafe('+79161234567')).toBe('+79161234567');
    expect(csvSafe('-5')).toBe('-5');
    expect(csvSafe('')).toBe('');
  });
});
