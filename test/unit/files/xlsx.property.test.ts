import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkReturnedWorkbook } from '../../../shared/abonent/returned.js';
import { readXlsxRows, readXlsxSheetRows } from '../../../shared/files/xlsx.js';
import { INSURED_COLUMNS } from '../../../shared/flk/insured.js';
import type { FlkIssue } from '../../../shared/flk/types.js';
import { makeEnp } from '../../../shared/identifiers/enp.js';
import type { FileRecord } from '../../../shared/ingest/file-record.js';
import { formatOf } from '../../../shared/ingest/formats.js';
import { brokenXlsx, PoisonError, poisonOnError } from '../../../shared/ingest/poison.js';
import { loadInformingCodes } from '../../../shared/informing/result-codes.js';
import { FILE_FIELDS, makeRowChecker, RESULT_COLUMNS } from '../../../shared/informing/result-rows.js';
import { loadReferenceData } from '../../../shared/reference/load.js';
import { resultRowsOf } from '../../../shared/informing/result-file-rows.js';
import { editWorkbook, fillAll, formWorkbook, sampleRows } from '../../support/abonent.js';
import { checkAsyncProperty, expectFindings, within } from '../../support/property.js';

/**
 * Every XLSX reader, fed a real workbook broken at random — bytes flipped anywhere in the zip, the
 * file cut short, or the sheet XML edited (cell values and types replaced, rows removed,
 * duplicated or renumbered) and zipped again — ends in an outcome: findings, or a PoisonError
 * carrying a Russian finding (the file is rejected with it). Never another exception, an
 * unhandled rejection (vitest fails the run on one) or a hang (each case has 5 s).
 */

// ---- mutations ------------------------------------------------------------------------------------

type Mutation =
  | { kind: 'flip'; at: number[]; xor: number[] }
  | { kind: 'truncate'; keep: number }
  | { kind: 'xml'; edits: XmlEdit[] };
type XmlEdit =
  | { kind: 'value'; nth: number; text: string }
  | { kind: 'type'; nth: number; type: string }
  | { kind: 'drop-row'; nth: number }
  | { kind: 'dup-row'; nth: number }
  | { kind: 'renumber-row'; nth: number; to: number }
  | { kind: 'garble'; at: number; text: string };

const xmlEdit: fc.Arbitrary<XmlEdit> = fc.oneof(
  fc.record({ kind: fc.constant('value' as const), nth: fc.nat(60), text: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('-1', '1e308', 'NaN', '999999999', '0.5', '45000', '', '&amp;', '<', ']]>')) }),
  fc.record({ kind: fc.constant('type' as const), nth: fc.nat(60), type: fc.constantFrom('s', 'n', 'b', 'e', 'str', 'inlineStr', 'd', 'x') }),
  fc.record({ kind: fc.constant('drop-row' as const), nth: fc.nat(12) }),
  fc.record({ kind: fc.constant('dup-row' as const), nth: fc.nat(12) }),
  fc.record({ kind: fc.constant('renumber-row' as const), nth: fc.nat(12), to: fc.oneof(fc.integer({ min: 0, max: 20 }), fc.constant(1_048_577), fc.constant(-3)) }),
  fc.record({ kind: fc.constant('garble' as const), at: fc.nat(5000), text: fc.constantFrom('<', '>', '"', '</row>', '<c r="A1">', '\u0000', '&x;', '') }),
);
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), xor: fc.array(fc.integer({ min: 1, max: 255 }), { minLength: 4, maxLength: 4 }) }),
  fc.record({ kind: fc.constant('truncate' as const), keep: fc.double({ min: 0, max: 1, noNaN: true }) }),
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('xml' as const), edits: fc.array(xmlEdit, { minLength: 1, maxLength: 4 }) }) },
);

const nthMatch = (xml: string, re: RegExp, nth: number): RegExpExecArray | undefined => {
  const all = [...xml.matchAll(re)];
  return all.length ? (all[nth % all.length] as RegExpExecArray) : undefined;
};
const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

function editXml(xml: string, edit: XmlEdit): string {
  const splice = (m: RegExpExecArray | undefined, text: string) => (m ? xml.slice(0, m.index) + text + xml.slice(m.index + m[0].length) : xml);
  switch (edit.kind) {
    case 'value': {
      const m = nthMatch(xml, /<v>[^<]*<\/v>|<t[^>]*>[^<]*<\/t>/g, edit.nth);
      return splice(m, m?.[0].startsWith('<v>') ? `<v>${escapeXml(edit.text)}</v>` : `<t>${escapeXml(edit.text)}</t>`);
    }
    case 'type': {
      const m = nthMatch(xml, /<c [^>]*>/g, edit.nth);
      return splice(m, m ? (/ t="[^"]*"/.test(m[0]) ? m[0].replace(/ t="[^"]*"/, ` t="${edit.type}"`) : m[0].replace('<c ', `<c t="${edit.type}" `)) : '');
    }
    case 'drop-row':
      return splice(nthMatch(xml, /<row [^>]*>.*?<\/row>/gs, edit.nth), '');
    case 'dup-row': {
      const m = nthMatch(xml, /<row [^>]*>.*?<\/row>/gs, edit.nth);
      return splice(m, m ? m[0] + m[0] : '');
    }
    case 'renumber-row': {
      const m = nthMatch(xml, /<row r="\d+"/g, edit.nth);
      return splice(m, `<row r="${edit.to}"`);
    }
    case 'garble': {
      const at = edit.at % Math.max(1, xml.length);
      return xml.slice(0, at) + edit.text + xml.slice(at);
    }
  }
}

async function mutate(workbook: Buffer, m: Mutation): Promise<Buffer> {
  if (m.kind === 'flip') {
    const out = Buffer.from(workbook);
    m.at.forEach((at, i) => (out[at % out.length]! ^= m.xor[i]!));
    return out;
  }
  if (m.kind === 'truncate') return workbook.subarray(0, Math.floor(workbook.length * m.keep));
  const zip = await JSZip.loadAsync(workbook);
  const sheets = Object.keys(zip.files).filter((name) => /^xl\/(worksheets\/sheet\d+|sharedStrings)\.xml$/.test(name));
  for (const [i, edit] of m.edits.entries()) {
    const name = sheets[i % sheets.length]!;
    zip.file(name, editXml(await zip.file(name)!.async('string'), edit));
  }
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 1 } });
}

// ---- the readers ------------------------------------------------------------------------------------

/**
 * The bytes as a byte stream, like an S3 body. (Readable.from([buffer]) alone is an object-mode
 * stream that hands an empty file over as one zero-length chunk — which S3 never sends — and the
 * zip reader under exceljs then waits for more forever.)
 */
const bodyOf = (bytes: Buffer): Readable => Readable.from([bytes], { objectMode: false });

/** The outcome of a reader: findings, or the finding of the PoisonError that rejects the file. */
async function outcome(read: () => Promise<FlkIssue[]>): Promise<FlkIssue[]> {
  try {
    return await within(5000, 'чтение XLSX', read());
  } catch (error) {
    if (error instanceof PoisonError) return [error.issue];
    throw error;
  }
}

async function workbookOf(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | Date>>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('Лист1');
  sheet.addRow([...header]);
  for (const row of rows) sheet.addRow([...row]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const ENPS = [1, 2, 3, 4, 5].map((n) => makeEnp('77', '1985-03-15', 1, n));

/** The insured export as XLSX: the header the receipt reads, then chunk validation (shared/services/ingest/rows.ts). */
async function insuredXlsx(bytes: Buffer): Promise<FlkIssue[]> {
  let header: string[] | undefined;
  const issues: FlkIssue[] = [];
  let validate: ((fields: string[], line: number) => { issues: FlkIssue[] }) | undefined;
  let line = 0;
  for await (const fields of poisonOnError(readXlsxRows(bodyOf(bytes)), brokenXlsx())) {
    line++;
    if (!header) {
      header = fields;
      const format = formatOf({ fileId: 'x', kind: 'insured', sender: '77', receivedAt: '2026-06-01T09:00:00Z', header } as FileRecord);
      const check = format.checkHeader(header);
      if (!check.ok) return check.issues;
      validate = format.makeValidator();
      continue;
    }
    if (fields.every((f) => f === '')) continue;
    while (fields.length < header.length) fields.push('');
    issues.push(...validate!(fields, line).issues);
  }
  return issues;
}

describe('XLSX readers: a broken workbook ends in a finding, never a crash (properties)', () => {
  let insured: Buffer;
  let results: Buffer;
  let abonent: { buffer: Buffer; meta: Awaited<ReturnType<typeof formWorkbook>>['meta']; originals: string[][] };

  beforeAll(async () => {
    insured = await workbookOf(INSURED_COLUMNS, ENPS.map((enp, i) => [enp, '', 'Иванов', 'Иван', '', '1', '15.03.1985', '', '771001', '77008', 'I11.9', new Date(Date.UTC(2023, 1, i + 1)) as unknown as string, '']));
    results = await workbookOf(RESULT_COLUMNS, ENPS.map((enp, i) => [enp, new Date(Date.UTC(2026, 4, i + 1)), '1', '1']));
    const rows = sampleRows(6);
    const formed = await formWorkbook(rows);
    abonent = { ...formed, buffer: await editWorkbook(formed.buffer, (sheet) => fillAll(sheet, rows.length)) };
  });

  it('the insured export (XLSX form): header, rows and ФЛК', async () => {
    expectFindings(await insuredXlsx(insured)); // the unbroken file reads
    await checkAsyncProperty('XLSX insured export: mutation → findings', [mutation], async (m) => {
      expectFindings(await outcome(async () => insuredXlsx(await mutate(insured, m))));
    }, { numRuns: 100 });
  });

  it('informing results (XLSX form, DOMAIN.md §3.7): rows and row checks', async () => {
    const check = makeRowChecker({ ref: loadReferenceData(), codes: loadInformingCodes(), campaign: {} as never, smo: '77008', today: '2026-06-01', names: FILE_FIELDS });
    const read = async (bytes: Buffer) => {
      const issues: FlkIssue[] = [];
      for await (const block of resultRowsOf(bodyOf(bytes), 'xlsx', 'utf-8', (h) => issues.push(...(h.ok ? h.warnings : h.issues)))) {
        for (const raw of block) issues.push(...check(raw).issues);
      }
      return issues;
    };
    await checkAsyncProperty('XLSX informing results: mutation → findings', [mutation], async (m) => {
      expectFindings(await outcome(async () => read(await mutate(results, m))));
    }, { numRuns: 100 });
  });

  it('a returned «абонентский пункт» (DOMAIN.md §3.5): every sheet, the hidden one included', async () => {
    const read = async (bytes: Buffer) => {
      async function* originals() {
        yield* abonent.originals;
      }
      const check = await checkReturnedWorkbook(poisonOnError(readXlsxSheetRows(bodyOf(bytes)), brokenXlsx()), abonent.meta, originals(), () => undefined);
      if (check.fileRejected) expect(check.issues.some((i) => i.severity === 'error')).toBe(true);
      return check.issues;
    };
    const clean = await read(abonent.buffer);
    expect(clean.filter((i) => i.severity === 'error')).toEqual([]);
    await checkAsyncProperty('XLSX абонентский пункт return: mutation → findings', [mutation], async (m) => {
      expectFindings(await outcome(async () => read(await mutate(abonent.buffer, m))));
    }, { numRuns: 100 });
  });
});
