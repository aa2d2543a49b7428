import { Readable } from 'node:stream';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { detectEncoding } from '../../../shared/files/encoding.js';
import { linesInRange, OVERLONG_LINE, splitFields } from '../../../shared/files/lines.js';
import { notCsvText } from '../../../shared/files/sniff.js';
import { fileIssue } from '../../../shared/flk/codes.js';
import { COVID_COLUMNS } from '../../../shared/flk/covid.js';
import { INSURED_COLUMNS } from '../../../shared/flk/insured.js';
import type { FlkIssue } from '../../../shared/flk/types.js';
import { validateSubmission } from '../../../shared/hospitalization/submission.js';
import { CSV_COLUMNS, CSV_SECTION, validateSubmissionCsv, ZGLV } from '../../../shared/hospitalization/csv.js';
import { makeEnp } from '../../../shared/identifiers/enp.js';
import { makeSnils } from '../../../shared/identifiers/snils.js';
import type { FileRecord } from '../../../shared/ingest/file-record.js';
import { formatOf } from '../../../shared/ingest/formats.js';
import { PoisonError } from '../../../shared/ingest/poison.js';
import { loadInformingCodes } from '../../../shared/informing/result-codes.js';
import { FILE_FIELDS, makeRowChecker, RESULT_COLUMNS, type RawResult } from '../../../shared/informing/result-rows.js';
import { loadReferenceData } from '../../../shared/reference/load.js';
import { csvHeader } from '../../../shared/services/ingest/receive.js';
import { overlongRow } from '../../../shared/services/ingest/rows.js';
import { resultRowsOf } from '../../../shared/informing/result-file-rows.js';
import { checkAsyncProperty, checkProperty, expectFindings } from '../../support/property.js';
import { ctxFor, HOSPITAL } from '../hospitalization/fixtures.js';

/**
 * Whatever the bytes, every CSV/row parser ends in findings, never an exception: the path a file
 * takes (sniff → detect encoding → header → lines of each chunk → fields → row validator), with
 * random bytes, random text in both encodings, and near-valid files whose fields are mutated.
 */

// ---- inputs ---------------------------------------------------------------------------------------

const someDate = fc.oneof(
  fc.date({ min: new Date('1900-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10).split('-').reverse().join('.')),
  fc.constantFrom('31.02.2020', '00.01.2000', '1985-03-15', '15.3.1985', '29.02.1900', '29.02.2000', ''),
);
const enp = fc.oneof(
  fc.tuple(fc.constantFrom('77', '23', '00', '99'), someDate, fc.constantFrom(1 as const, 2 as const), fc.nat(99_999)).map(([region, dr, sex, n]) => {
    const iso = /^\d{2}\.\d{2}\.\d{4}$/.test(dr) && !Number.isNaN(Date.parse(dr.split('.').reverse().join('-'))) ? dr.split('.').reverse().join('-') : '1985-03-15';
    return makeEnp(region, iso, sex, n);
  }),
  fc.stringMatching(/^\d{14,17}$/),
);
/** Values close to what each column expects, plus anything at all. */
const value = fc.oneof(
  { weight: 3, arbitrary: fc.oneof(enp, someDate, fc.constantFrom('1', '2', '3', 'М', '771001', '231001', '77008', '23001', 'U07.1', 'u07.2', 'I11.9, E11.9', 'I11,,XX', '+7 (916) 123-45-67', '8-916', 'Иванов', 'Ёлкина-Щукина', '№ 5', '«А»', '\u00A0', ' ', '')) },
  { weight: 1, arbitrary: fc.stringMatching(/^\d{9}$/).map((nine) => makeSnils(nine)) },
  { weight: 2, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
);
const quoteMaybe = (v: string, quote: boolean) => (quote ? `"${v.replaceAll('"', '""')}"` : v);
const line = (width: fc.Arbitrary<number>) =>
  width.chain((w) => fc.tuple(fc.array(value, { minLength: w, maxLength: w }), fc.boolean())).map(([fields, quote]) => fields.map((f) => quoteMaybe(f, quote)).join(';'));

/** A header of the kind's columns (shuffled, sometimes with an unknown or a missing one), then rows. */
function nearValidText(columns: readonly string[]): fc.Arbitrary<string> {
  return fc
    .tuple(fc.shuffledSubarray([...columns], { minLength: Math.max(1, columns.length - 2) }), fc.option(fc.constantFrom('COMMENT', '', 'enp', 'ENP'), { nil: undefined }))
    .chain(([header, extra]) => {
      const names = extra === undefined ? header : [...header, extra];
      return fc
        .tuple(fc.array(line(fc.oneof(fc.constant(names.length), fc.nat(names.length + 2))), { maxLength: 12 }), fc.constantFrom('\n', '\r\n'), fc.boolean(), fc.boolean())
        .map(([rows, eol, bom, finalEol]) => (bom ? '\uFEFF' : '') + [names.join(';'), ...rows].join(eol) + (finalEol ? eol : ''));
    });
}

function bytesOf(text: fc.Arbitrary<string>): fc.Arbitrary<Buffer> {
  return fc.tuple(text, fc.boolean()).map(([t, cp1251]) => (cp1251 ? iconv.encode(t.replace(/^\uFEFF/, ''), 'win1251') : Buffer.from(t, 'utf8')));
}

const anyBytes = (columns: readonly string[]): fc.Arbitrary<Buffer> =>
  fc.oneof(
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 600 }).map((b) => Buffer.from(b)) },
    { weight: 1, arbitrary: bytesOf(fc.string({ unit: 'binary', maxLength: 300 })) },
    { weight: 4, arbitrary: bytesOf(nearValidText(columns)) },
    // A header, then random bytes: the rows' path, not the sniffer's.
    { weight: 1, arbitrary: fc.tuple(fc.uint8Array({ maxLength: 400 })).map(([b]) => Buffer.concat([Buffer.from(`${columns.join(';')}\n`), Buffer.from(b)])) },
  );

/** Chunk boundaries as the planner would cut (any byte offsets): every range on its own. */
const cuts = fc.array(fc.nat(1000), { maxLength: 3 });

function rangesOf(size: number, offsets: number[]): Array<{ start: number; end: number }> {
  const points = [...new Set(offsets.map((o) => o % Math.max(1, size)).filter((o) => o > 0))].sort((a, b) => a - b);
  const bounds = [0, ...points, size];
  return bounds.slice(0, -1).map((start, i) => ({ start, end: bounds[i + 1]! }));
}

// ---- the insured export and the COVID extract (DOMAIN.md §3.1, 3.2) ----------------------------------------

/** receive (F001, F013, F002, header) then validate-chunk per range, as the pipeline does. */
async function flkOfExport(kind: 'insured' | 'covid', bytes: Buffer, offsets: number[]): Promise<FlkIssue[]> {
  if (bytes.length === 0) return [fileIssue('F001', {})];
  const head = bytes.subarray(0, 64 * 1024);
  const binary = notCsvText(head);
  if (binary) return [fileIssue('F013', { detail: binary })];
  const encoding = detectEncoding(head);
  const header = csvHeader(head, encoding);
  if (!header) return [fileIssue('F002', {})];
  const file = { fileId: 'prop', kind, sender: '77', receivedAt: '2026-06-01T09:00:00Z', header } as FileRecord;
  const format = formatOf(file);
  const check = format.checkHeader(header);
  if (!check.ok) return check.issues;
  const issues = [...check.warnings];
  for (const range of rangesOf(bytes.length, offsets)) {
    const validate = format.makeValidator();
    let lines = 0;
    for await (const text of linesInRange(Readable.from([bytes.subarray(Math.max(0, range.start - 1))]), range, encoding)) {
      lines++;
      if ((range.start === 0 && lines === 1) || text.trim() === '') continue;
      issues.push(...(text === OVERLONG_LINE ? [overlongRow(lines).unreadable!] : validate(splitFields(text), lines).issues));
    }
  }
  return issues;
}

describe('ФЛК never throws, whatever the bytes (properties)', () => {
  for (const [kind, columns] of [['insured', INSURED_COLUMNS], ['covid', COVID_COLUMNS]] as const) {
    it(`${kind}: sniff, decode, split and validate end in findings`, async () => {
      await checkAsyncProperty(`ФЛК ${kind}: bytes → findings`, [anyBytes(columns), cuts], async (bytes, offsets) => {
        expectFindings(await flkOfExport(kind, bytes, offsets));
      }, { numRuns: kind === 'insured' ? 250 : 200 });
    });
  }

  it('informing results CSV (DOMAIN.md §3.7): rows and row checks end in findings', async () => {
    const ref = loadReferenceData();
    const check = makeRowChecker({ ref, codes: loadInformingCodes(), campaign: {} as never, smo: '77008', today: '2026-06-01', names: FILE_FIELDS });
    await checkAsyncProperty('ФЛК informing results: bytes → findings', [anyBytes(RESULT_COLUMNS)], async (bytes) => {
      const issues: FlkIssue[] = [];
      const binary = notCsvText(bytes);
      if (binary) return;
      try {
        const rows = resultRowsOf(Readable.from([bytes]), 'csv', detectEncoding(bytes), (h) => issues.push(...(h.ok ? h.warnings : h.issues)));
        for await (const block of rows) for (const raw of block as RawResult[]) issues.push(...check(raw).issues);
      } catch (error) {
        if (!(error instanceof PoisonError)) throw error;
        issues.push(error.issue);
      }
      expectFindings(issues);
    }, { numRuns: 200 });
  });

  it('hospitalization CSV (DOMAIN.md §4): decode and every rule end in findings', () => {
    const columns = [...CSV_COLUMNS];
    const sections = fc.constantFrom(ZGLV, ...Object.values(CSV_SECTION), 'zglv', 'XX', '');
    const hospLine = fc.tuple(sections, fc.array(value, { minLength: columns.length - 1, maxLength: columns.length + 1 })).map(([s, rest]) => [s, ...rest].join(';'));
    const hospText = fc.tuple(fc.shuffledSubarray(columns, { minLength: 1 }), fc.array(hospLine, { maxLength: 10 })).map(([head, rows]) => [head.join(';'), ...rows].join('\r\n'));
    const bytes = fc.oneof(fc.uint8Array({ maxLength: 500 }).map((b) => Buffer.from(b)), bytesOf(hospText), bytesOf(fc.string({ maxLength: 200 })));
    const ctx = ctxFor(HOSPITAL);
    checkProperty('ФЛК hospitalization CSV: bytes → findings', [bytes], (b) => {
      if (notCsvText(b)) return;
      const text = new TextDecoder(detectEncoding(b.subarray(0, 64 * 1024))).decode(b);
      const result = validateSubmissionCsv(text, ctx);
      expectFindings(result.issues);
      if (!result.submission) expect(result.issues.some((i) => i.severity === 'error')).toBe(true);
    }, { numRuns: 300 });
  });

  it('hospitalization JSON (the API form of the same rules): any JSON value ends in findings', () => {
    const ctx = ctxFor(HOSPITAL);
    const near = fc.record({ mo: fc.oneof(fc.constant(HOSPITAL.code), fc.jsonValue()), forDate: fc.oneof(fc.constant('2026-11-19'), fc.jsonValue()), freeBeds: fc.array(fc.dictionary(fc.constantFrom('profile', 'date', 'free', 'releaseDate', 'x'), fc.jsonValue()), { maxLength: 3 }) }, { requiredKeys: [] });
    checkProperty('ФЛК hospitalization JSON: value → findings', [fc.oneof(fc.jsonValue(), near)], (input) => {
      const result = validateSubmission(input, ctx);
      expectFindings(result.issues);
    }, { numRuns: 300 });
  });
});
