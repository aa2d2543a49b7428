import { PassThrough, Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { readXlsxRows } from '../../../shared/files/xlsx.js';
import { CHANGES_FIELDS, CSV_FIELDS, csvFields, informingFileId, informingKeys, XLSX_HEADERS, type InformingRow } from '../../../shared/informing/files.js';
import { changeFields, Cp1251CsvWriter, InformingWorkbookWriter } from '../../../shared/informing/writer.js';

function sink() {
  const out = new PassThrough();
  const parts: Buffer[] = [];
  out.on('data', (b: Buffer) => parts.push(b));
  const done = new Promise<Buffer>((resolve) => out.on('end', () => resolve(Buffer.concat(parts))));
  return { out, done };
}

const ROW: InformingRow = { mo: '390005', enp: '3956410834000011', fam: 'Ёлкина', im: 'Анна', ot: 'Сергеевна', dr: '1985-03-15', phone: '+79001234567', group: 2, date: '2026-12-10', time: '09:30' };
const META = {
  fileId: 'inf-0000000000000000',
  smo: '39002',
  smoName: 'АО "СОГАЗ-Мед" — Калининградский филиал',
  region: '39',
  campaignId: 'ud-2026',
  campaignName: 'Углубленная диспансеризация 2026',
  batch: '12' as const,
  groups: 'группы 1–2',
  version: 2,
  formedAt: '2026-12-07T09:00:00.000Z',
};

describe('informing file writers', () => {
  it('XLSX: Russian headers, one row per person with real dates, «О файле» with version and changes', async () => {
    const { out, done } = sink();
    const book = new InformingWorkbookWriter(out, META);
    await book.add(ROW, 'ГБУЗ "Поликлиника № 5"');
    await book.add({ ...ROW, enp: '3956410834000029', ot: undefined, phone: undefined, time: undefined }, 'ГБУЗ "Поликлиника № 5"');
    await book.finish(META, { previousVersion: 1, added: 1, removed: 2, dateChanged: 3 });
    const rows: string[][] = [];
    for await (const r of readXlsxRows(Readable.from(await done))) rows.push(r);
    expect(rows[0]).toEqual([...XLSX_HEADERS]);
    expect(XLSX_HEADERS).toEqual(['№', 'ЕНП', 'ФИО', 'Дата рождения', 'Телефон', 'Код МО', 'МО', 'Дата проведения', 'Время', 'Группа']);
    expect(rows[1]).toEqual(['1', ROW.enp, 'Ёлкина Анна Сергеевна', '15.03.1985', '+79001234567', '390005', 'ГБУЗ "Поликлиника № 5"', '10.12.2026', '09:30', '2']);
    expect(rows[2]).toEqual(['2', '3956410834000029', 'Ёлкина Анна', '15.03.1985', '', '390005', 'ГБУЗ "Поликлиника № 5"', '10.12.2026', '', '2']);
    expect(rows).toHaveLength(3);
  });

  it('XLSX past the sheet limit continues on «Информирование (2)», numbering on', async () => {
    const { out, done } = sink();
    const book = new InformingWorkbookWriter(out, META, 2);
    for (let i = 0; i < 5; i++) await book.add({ ...ROW, enp: `39564108340000${i}0` }, 'МО');
    await book.finish(META, undefined);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await done) as unknown as ArrayBuffer);
    const column = (name: string) => workbook.getWorksheet(name)!.getColumn(1).values.slice(1).map(String);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['Информирование', 'Информирование (2)', 'Информирование (3)', 'О файле']);
    expect([column('Информирование'), column('Информирование (2)'), column('Информирование (3)')]).toEqual([
      ['№', '1', '2'],
      ['№', '3', '4'],
      ['№', '5'],
    ]);
    const about = workbook.getWorksheet('О файле')!;
    const rowsLine = about.getSheetValues().find((r) => Array.isArray(r) && r[1] === 'Застрахованных лиц') as unknown[];
    expect(rowsLine[2]).toBe(5);
    // The formation time: a typed date-time on Kaliningrad's clock, the zone named in the label.
    const formed = about.getSheetValues().find((r) => Array.isArray(r) && String(r[1]).startsWith('Сформирован')) as unknown[];
    expect(formed.slice(1)).toEqual(['Сформирован (Europe/Kaliningrad, UTC+2)', new Date('2026-12-07T11:00:00.000Z')]);
  });

  it('CSV in windows-1251 with `;`, CRLF, quoting and formula-safe values', async () => {
    const { out, done } = sink();
    const csv = new Cp1251CsvWriter(out);
    await csv.row(CSV_FIELDS);
    await csv.row(csvFields(1, ROW, 'ГБУЗ "Поликлиника; № 5"'));
    await csv.row(csvFields(2, { ...ROW, fam: '=cmd' }, 'МО'));
    await csv.end();
    const bytes = await done;
    expect(bytes.includes(Buffer.from('Ёлкина', 'utf8'))).toBe(false);
    expect(bytes.includes(iconv.encode('Ёлкина', 'win1251'))).toBe(true);
    const lines = iconv.decode(bytes, 'win1251').split('\r\n');
    expect(lines[0]).toBe('N;ENP;FAM;IM;OT;DR;PHONE;MO;MO_NAME;DATE_PLAN;TIME_PLAN;PR_GROUP');
    expect(lines[1]).toBe(`1;${ROW.enp};Ёлкина;Анна;Сергеевна;15.03.1985;+79001234567;390005;"ГБУЗ ""Поликлиника; № 5""";10.12.2026;09:30;2`);
    expect(lines[2]).toContain(";'=cmd;");
    expect(lines[3]).toBe('');
  });

  it('a line of changes per kind: new and old dates, the reason of a removal', () => {
    const name = () => 'МО';
    const added = changeFields({ kind: 'added', row: ROW }, name);
    const moved = changeFields({ kind: 'date-changed', row: ROW, previous: { ...ROW, date: '2026-12-01', time: undefined } }, name);
    const removed = changeFields({ kind: 'removed', row: ROW, reason: 'отказ' }, name);
    for (const line of [added, moved, removed]) expect(line).toHaveLength(CHANGES_FIELDS.length);
    const at = (line: string[], field: (typeof CHANGES_FIELDS)[number]) => line[CHANGES_FIELDS.indexOf(field)];
    expect([at(added, 'CHANGE'), at(added, 'DATE_PLAN'), at(added, 'DATE_PLAN_OLD'), at(added, 'PR_GROUP')]).toEqual(['добавлен', '10.12.2026', '', '2']);
    expect([at(moved, 'CHANGE'), at(moved, 'DATE_PLAN'), at(moved, 'TIME_PLAN'), at(moved, 'DATE_PLAN_OLD'), at(moved, 'TIME_PLAN_OLD')]).toEqual(['изменены дата или время', '10.12.2026', '09:30', '01.12.2026', '']);
    expect([at(removed, 'CHANGE'), at(removed, 'DATE_PLAN'), at(removed, 'DATE_PLAN_OLD'), at(removed, 'REASON'), at(removed, 'ENP')]).toEqual(['исключён', '', '10.12.2026', 'отметка МО: отказ', ROW.enp]);
  });

  it('keys under RR/smo/S/ per version; ids stable per version and distinct across versions and SMOs', () => {
    const ref = { campaignId: 'ud-2026', region: '39', batch: '12' as const };
    const id = informingFileId('ud-2026', '39', '12', '39002', 2);
    expect(id).toMatch(/^inf-[0-9a-f]{16}$/);
    expect(informingFileId('ud-2026', '39', '12', '39002', 2)).toBe(id);
    expect(new Set([id, informingFileId('ud-2026', '39', '12', '39002', 3), informingFileId('ud-2026', '39', '12', '39004', 2), informingFileId('ud-2026', '39', '34', '39002', 2)]).size).toBe(4);
    expect(informingKeys.file(ref, '39002', 2, id, 'xlsx')).toBe(`39/smo/39002/informing/ud-2026/batch-12/v2/${id}.xlsx`);
    expect(informingKeys.file(ref, '39002', 2, id, 'csv')).toBe(`39/smo/39002/informing/ud-2026/batch-12/v2/${id}.csv`);
    expect(informingKeys.file(ref, '39002', 2, id, 'changes')).toBe(`39/smo/39002/informing/ud-2026/batch-12/v2/${id}.changes.csv`);
    expect(informingKeys.rows(ref, '39002', 2)).toBe('informing/ud-2026/39/12/39002/v2.rows.jsonl');
  });
});
