import { describe, expect, it } from 'vitest';
import { makeEnp } from '../../../shared/identifiers/enp.js';
import { makeSnils } from '../../../shared/identifiers/snils.js';
import { crossRowIssue, findCrossRowWarnings, insuredCrossKeys } from '../../../shared/ingest/cross-row.js';
import type { KeyedLine } from '../../../shared/ingest/duplicates.js';
import { duplicateEnpIssue, fileIssue, FLK_RULES, flkCodesMarkdown, renumberIssue, type FlkCode } from '../../../shared/flk/codes.js';
import { checkCovidHeader, COVID_COLUMNS, makeCovidRowValidator } from '../../../shared/flk/covid.js';
import { checkInsuredHeader, INSURED_COLUMNS, makeInsuredRowValidator } from '../../../shared/flk/insured.js';
import type { FlkIssue } from '../../../shared/flk/types.js';
import { tinyRef } from './tiny-ref.js';
import type ExcelJS from 'exceljs';
import { checkBuffer, editWorkbook, fillAll, formWorkbook, sampleRows } from '../../support/abonent.js';
import { checkBlock, duplicateResultIssue, FILE_FIELDS, type PlanFacts, type RawResult } from '../../../shared/informing/result-rows.js';
import { loadInformingCodes } from '../../../shared/informing/result-codes.js';
import { loadCampaigns } from '../../../shared/reference/load.js';
import { notCsvText } from '../../../shared/files/sniff.js';
import { failureVerdict } from '../../../shared/ingest/poison.js';
import { overlongRow } from '../../../shared/services/ingest/rows.js';

type Issues = FlkIssue[] | Promise<FlkIssue[]>;

const TODAY = '2025-06-01';
const ENP = makeEnp('77', '1985-03-15', 1, 1); // 7756410834000012 (DOMAIN.md §1 example)

type Row = Partial<Record<(typeof INSURED_COLUMNS)[number], string>>;
const BASE: Required<Row> = {
  ENP,
  SS: '112-233-445 95',
  FAM: 'Иванов',
  IM: 'Иван',
  OT: 'Иванович',
  W: '1',
  DR: '15.03.1985',
  PHONE: '8 (916) 123-45-67',
  MO: '771001',
  SMO: '77008',
  DS_CHRONIC: 'i11.9, E11.9',
  LAST_VISIT: '01.02.2023',
  DDEATH: '',
};

const header = checkInsuredHeader([...INSURED_COLUMNS]);
if (!header.ok) throw new Error('header');
const validateInsured = makeInsuredRowValidator({ region: '77', ref: tinyRef, today: TODAY, columns: header.columns });
const insured = (change: Row = {}, line = 2) => validateInsured(INSURED_COLUMNS.map((c) => ({ ...BASE, ...change })[c]), line);

type CovidRow = Partial<Record<(typeof COVID_COLUMNS)[number], string>>;
const COVID_BASE: Required<CovidRow> = { ENP, SS: '11223344595', DS: 'U07.1', DATE_RECOVERY: '10.10.2021' };
const covidHeader = checkCovidHeader([...COVID_COLUMNS]);
if (!covidHeader.ok) throw new Error('header');
const validateCovid = makeCovidRowValidator({ ref: tinyRef, today: TODAY, columns: covidHeader.columns });
const covid = (change: CovidRow = {}, line = 2) => validateCovid(COVID_COLUMNS.map((c) => ({ ...COVID_BASE, ...change })[c]), line);

const codes = (issues: FlkIssue[]) => issues.map((i) => i.code);

/**
 * Every rule of the catalogue with an input that breaks it and a close one that passes. The Record
 * type makes a rule without examples a compile error.
 */
const EXAMPLES: Record<FlkCode, { fail: () => Issues; pass: () => Issues }> = {
  F001: { fail: () => [fileIssue('F001', {})], pass: () => [] },
  F002: { fail: () => [fileIssue('F002', {})], pass: () => [] },
  F003: { fail: () => headerIssues(['ENP', 'FAM', 'IM', 'W', 'DR', 'MO']), pass: () => headerIssues([...INSURED_COLUMNS]) },
  F004: { fail: () => headerIssues([...INSURED_COLUMNS, 'EXTRA']), pass: () => headerIssues([...INSURED_COLUMNS]) },
  F005: { fail: () => [fileIssue('F005', { value: '99' })], pass: () => [] },
  F006: { fail: () => [fileIssue('F006', { share: 0.25, threshold: 0.1 })], pass: () => [] },
  F007: { fail: () => [fileIssue('F007', { value: 'abc123' })], pass: () => [] },
  F008: { fail: () => headerIssues([...INSURED_COLUMNS, 'enp']), pass: () => headerIssues([...INSURED_COLUMNS]) },
  R001: { fail: () => insured({ FAM: ' ' }).issues, pass: () => insured({ OT: '' }).issues },
  R002: { fail: () => insured({ ENP: ENP.slice(0, 15) }).issues, pass: () => insured({ ENP: ` ${ENP} ` }).issues },
  R003: { fail: () => insured({ ENP: ENP.slice(0, 15) + '3' }).issues, pass: () => insured().issues },
  R004: {
    fail: () => insured({ ENP: makeEnp('00', '1985-03-15', 1, 1) }).issues,
    // Another known region is fine: people move.
    pass: () => insured({ ENP: makeEnp('23', '1985-03-15', 1, 1) }).issues,
  },
  R005: { fail: () => insured({ W: '2' }).issues, pass: () => insured({ W: '2', ENP: makeEnp('77', '1985-03-15', 2, 1) }).issues },
  R006: { fail: () => insured({ SS: '1122334459' }).issues, pass: () => insured({ SS: '11223344595' }).issues },
  R007: { fail: () => insured({ SS: '112-233-445 96' }).issues, pass: () => insured({ SS: '001-001-998 00' }).issues },
  R008: { fail: () => insured({ DR: '1985-03-15' }).issues, pass: () => insured({ DR: '15.03.1985' }).issues },
  R009: {
    fail: () => insured({ LAST_VISIT: '29.02.2023' }).issues,
    pass: () => insured({ LAST_VISIT: '29.02.2024' }).issues,
  },
  R010: { fail: () => insured({ LAST_VISIT: '02.06.2025' }).issues, pass: () => insured({ LAST_VISIT: '01.06.2025' }).issues },
  R011: { fail: () => insured({ W: '3' }).issues, pass: () => insured({ W: '1' }).issues },
  R012: { fail: () => insured({ MO: '779999' }).issues, pass: () => insured({ MO: '771004' }).issues },
  R013: { fail: () => insured({ MO: '231001' }).issues, pass: () => insured({ MO: '771001' }).issues },
  R014: { fail: () => insured({ SMO: '77999' }).issues, pass: () => insured({ SMO: '77011' }).issues },
  R015: { fail: () => insured({ SMO: '23001' }).issues, pass: () => insured({ SMO: '77008' }).issues },
  R016: { fail: () => [duplicateEnpIssue(9, ENP, 4)], pass: () => [] },
  R017: {
    fail: () => validateInsured(INSURED_COLUMNS.slice(1).map((c) => BASE[c]), 2).issues,
    pass: () => validateInsured(INSURED_COLUMNS.map((c) => BASE[c]), 2).issues,
  },
  R018: { fail: () => insured({ DS_CHRONIC: 'I11.9,Е11.9' }).issues, pass: () => insured({ DS_CHRONIC: 'I11.9,E11.9,' }).issues },
  R019: { fail: () => insured({ PHONE: '12-34' }).issues, pass: () => insured({ PHONE: '+7 916 123 45 67' }).issues },
  R020: { fail: () => insured({ DDEATH: '01.01.1980' }).issues, pass: () => insured({ DDEATH: '01.01.2024' }).issues },
  R021: { fail: () => covid({ ENP: '', SS: '' }).issues, pass: () => covid({ ENP: '' }).issues },
  R022: { fail: () => covid({ DS: 'J12.8' }).issues, pass: () => covid({ DS: 'u07.2' }).issues },
  R023: { fail: () => insured({ FAM: 'Ж'.repeat(41) }).issues, pass: () => insured({ FAM: 'Ж'.repeat(40) }).issues },
  // Returned «абонентский пункт» (DOMAIN.md §3.5): a formed file, filled or tampered with as a clerk might.
  F009: { fail: () => returned(async (f) => withoutSheet(f.buffer)), pass: () => returned() },
  F010: { fail: () => returned(async () => (await formWorkbook(sampleRows(4, '771004'), { fileId: 'ap-other', mo: '771004' })).buffer), pass: () => returned() },
  F011: { fail: () => returned((f) => edit(f, (s) => (s.getCell(2, 3).value = 'Другой Человек'))), pass: () => returned() },
  F012: { fail: () => [fileIssue('F012', { detail: 'этап: реестр сформирован' })], pass: () => [] },
  F013: {
    fail: () => [fileIssue('F013', { detail: notCsvText(Buffer.from('%PDF-1.7\n')) })],
    pass: () => (notCsvText(Buffer.from('ENP;FAM\n1;2\n')) ? [fileIssue('F013', {})] : []),
  },
  F014: {
    fail: () => [failureVerdict(new Error('x'), { receiveCount: 5, maxReceives: 5 })!],
    pass: () => [failureVerdict(new Error('x'), { receiveCount: 4, maxReceives: 5 })].filter((i) => i !== undefined),
  },
  R024: { fail: () => returned((f) => edit(f, (s) => (s.getCell(3, 2).value = '7700000000000000'))), pass: () => returned() },
  R025: { fail: () => returned((f) => edit(f, (s) => s.addRow([5, '7758930848010099', 'Лишний', '01.01.1960', 'М', '', 1, '77008', new Date(Date.UTC(2021, 6, 1))]))), pass: () => returned() },
  R026: { fail: () => returned((f) => edit(f, (s) => s.spliceRows(5, 1))), pass: () => returned() },
  R027: { fail: () => returned((f) => edit(f, (s) => ((s.getCell(2, 9).value = null), (s.getCell(2, 11).value = null)))), pass: () => returned() },
  R028: { fail: () => returned((f) => edit(f, (s) => (s.getCell(2, 9).value = new Date(Date.UTC(2022, 0, 10))))), pass: () => returned() },
  R029: { fail: () => returned((f) => edit(f, (s) => (s.getCell(2, 9).value = '31.02.2021'))), pass: () => returned((f) => edit(f, (s) => (s.getCell(2, 9).value = '01.07.2021'))) },
  R030: { fail: () => returned((f) => edit(f, (s) => (s.getCell(2, 10).value = '25:10'))), pass: () => returned((f) => edit(f, (s) => (s.getCell(2, 10).value = '9:05'))) },
  R031: { fail: () => returned((f) => edit(f, (s) => (s.getCell(2, 11).value = 'перенесён'))), pass: () => returned((f) => edit(f, (s) => (s.getCell(2, 11).value = 'Сменил МО'))) },
  R032: { fail: () => returned((f) => edit(f, (s) => (s.getCell(2, 9).value = null))), pass: () => returned((f) => edit(f, (s) => ((s.getCell(2, 9).value = null), (s.getCell(2, 11).value = 'умер')))) },
  // Informing results of an SMO (DOMAIN.md §3.7): one row checked against a tiny registry.
  R033: { fail: () => result({ channel: '05' }), pass: () => result({ channel: '6' }) },
  R034: { fail: () => result({ result: '9' }), pass: () => result({ result: '4' }) },
  R035: { fail: () => result({ enp: OTHER_SMO_ENP }), pass: () => result() },
  R036: { fail: () => result({ date: '14.06.2021' }), pass: () => result({ date: '15.06.2021' }) },
  R037: { fail: () => [duplicateResultIssue(3, FILE_FIELDS, ENP, '2021-07-01', 2)], pass: () => result() },
  R038: { fail: () => result({}, false), pass: () => result({}, true) },
  R039: {
    fail: () => crossRow([{}, { ENP: enpNo(2), FAM: 'Петров', DR: '15.03.1985', SS: '11223344595' }]),
    pass: () => crossRow([{}, { ENP: enpNo(2), FAM: 'Петров', SS: OTHER_SNILS }]),
  },
  R040: {
    fail: () => crossRow(PHONES.map((PHONE, i) => ({ ENP: enpNo(i + 1), FAM: `Иванов${'а'.repeat(i)}`, PHONE }))),
    pass: () => crossRow(PHONES.slice(1).map((PHONE, i) => ({ ENP: enpNo(i + 1), FAM: `Иванов${'а'.repeat(i)}`, PHONE }))),
  },
  R041: {
    fail: () => crossRow([{ FAM: 'Фёдоров', SS: '' }, { ENP: enpNo(2), FAM: 'ФЕДОРОВ', IM: 'иван', SS: '' }]),
    pass: () => crossRow([{ FAM: 'Фёдоров', SS: '' }, { ENP: makeEnp('77', '1985-03-16', 1, 2), FAM: 'ФЕДОРОВ', DR: '16.03.1985', SS: '' }]),
  },
  R042: { fail: () => [overlongRow(7).unreadable!], pass: () => [] },
};

const enpNo = (n: number) => makeEnp('77', '1985-03-15', 1, n);
const OTHER_SNILS = makeSnils('123456789');
/** One phone written five ways. */
const PHONES = ['8 (916) 123-45-67', '+7 916 123 45 67', '89161234567', '+79161234567', '916 123-45-67'];

/** The cross-row warnings of rows (lines 2, 3, …) as the finalizer finds them across two chunks. */
async function crossRow(rows: Row[]): Promise<FlkIssue[]> {
  const keyed = rows.flatMap((row, i) => insuredCrossKeys(insured(row, i + 2).person!).map((key) => ({ key, line: i + 2, chunk: i % 2 })));
  const chunks = [0, 1].map((chunk) => keyed.filter((k) => k.chunk === chunk).sort((a, b) => (`${a.key}\t${a.line}` < `${b.key}\t${b.line}` ? -1 : 1)));
  const found = await findCrossRowWarnings(chunks.map((list) => list[Symbol.iterator]() as unknown as AsyncIterator<KeyedLine>), new Set());
  return [...found.values()].flat().map((f) => crossRowIssue(f.key, f.line, f.lines));
}

const OTHER_SMO_ENP = makeEnp('77', '1960-01-01', 2, 2);
const RESULT_PLANS = new Map<string, PlanFacts>([
  [ENP, { enp: ENP, region: '77', batch: '12', mo: '771001', smo: '77008', group: 1, date: '2021-07-10' }],
  [OTHER_SMO_ENP, { enp: OTHER_SMO_ENP, region: '77', batch: '12', mo: '771001', smo: '77011', group: 2, date: '2021-07-10' }],
]);
const RESULT_CAMPAIGN = loadCampaigns().find((c) => c.id === 'ud-2021')!;

/** Findings of one informing-results row of SMO 77008 (ud-2021, batch 12 begun 15.06.2021). */
async function result(change: Partial<Omit<RawResult, 'line'>> = {}, approved = true): Promise<FlkIssue[]> {
  const raw: RawResult = { line: 2, enp: ENP, date: '01.07.2021', channel: '01', result: '1', ...change };
  const ctx = { ref: tinyRef, codes: loadInformingCodes(), campaign: RESULT_CAMPAIGN, smo: '77008', today: TODAY, names: FILE_FIELDS };
  const [row] = await checkBlock([raw], ctx, { plans: async () => RESULT_PLANS, approved: async () => approved });
  return row!.issues;
}

type Formed = Awaited<ReturnType<typeof formWorkbook>>;

/** Issues of a 4-row file filled correctly, after `change` (default: none). */
async function returned(change?: (formed: Formed) => Promise<Buffer>): Promise<FlkIssue[]> {
  const formed = await formWorkbook(sampleRows(4));
  const filled = await edit(formed, () => undefined);
  const buffer = change ? await change({ ...formed, buffer: filled }) : filled;
  return (await checkBuffer(buffer, formed.meta, formed.originals)).check.issues;
}

const edit = (formed: Formed, change: (sheet: ExcelJS.Worksheet) => void) =>
  editWorkbook(formed.buffer, (sheet) => {
    if (!sheet.getCell(2, 9).value && !sheet.getCell(2, 11).value) fillAll(sheet, 4);
    change(sheet);
  });

/** The same workbook without its hidden sheet. */
const withoutSheet = (buffer: Buffer) => editWorkbook(buffer, (_sheet, workbook) => workbook.removeWorksheet(workbook.worksheets[1]!.id));

function headerIssues(fields: string[]): FlkIssue[] {
  const result = checkInsuredHeader(fields);
  return result.ok ? result.warnings : result.issues;
}

describe('ФЛК catalogue', () => {
  it('has one distinct code per rule, each with a severity and a Russian name', () => {
    const names = Object.values(FLK_RULES).map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
    for (const [code, rule] of Object.entries(FLK_RULES)) {
      expect(code).toMatch(/^[FR]\d{3}$/);
      expect(['error', 'warning']).toContain(rule.severity);
      expect(rule.name).toMatch(/[А-Яа-яЁё]/);
    }
  });

  for (const [code, example] of Object.entries(EXAMPLES) as Array<[FlkCode, (typeof EXAMPLES)[FlkCode]]>) {
    it(`${code}: the failing example reports it with its severity and code in the message; the passing one does not`, async () => {
      const found = (await example.fail()).filter((i) => i.code === code);
      expect(found.length).toBeGreaterThan(0);
      for (const issue of found) {
        expect(issue.severity).toBe(FLK_RULES[code].severity);
        expect(issue.message).toContain(`(${code})`);
      }
      expect(codes(await example.pass())).not.toContain(code);
    });
  }

  it('renders the catalogue as a markdown table with every code', () => {
    const md = flkCodesMarkdown();
    for (const code of Object.keys(FLK_RULES)) expect(md).toContain(`| ${code} |`);
    expect(md.split('\n')[0]).toBe('| Код | Уровень | Область | Потоки | Проверка |');
  });
});

describe('messages', () => {
  it('name the row, field, value and rule', () => {
    const [issue] = insured({ ENP: '775641083400001' }, 17).issues;
    expect(issue).toEqual({
      line: 17,
      field: 'ENP',
      value: '775641083400001',
      code: 'R002',
      severity: 'error',
      message: 'Строка 17, поле ENP: значение «775641083400001» — ЕНП должен состоять из 16 цифр (R002)',
    });
  });

  it('say plainly when a required field is empty, and name the first row of a duplicate', () => {
    expect(insured({ IM: '' }, 5).issues[0]!.message).toBe('Строка 5, поле IM: обязательное поле не заполнено (R001)');
    expect(duplicateEnpIssue(20, ENP, 7).message).toBe(`Строка 20, поле ENP: значение «${ENP}» — этот ЕНП уже встречался в строке 7, повторная строка отклонена (R016)`);
  });

  it('name the other rows of a shared СНИЛС, phone or person, and say the row is accepted', async () => {
    const snils = await crossRow([{}, { ENP: enpNo(2), FAM: 'Петров' }]);
    expect(snils.map((i) => i.message)).toEqual([
      'Строка 2, поле SS: значение «11223344595» — тот же СНИЛС указан у другого лица (с другим ЕНП) в строке 3; строка принята — проверьте СНИЛС: случаи COVID-19 из регистра по этому СНИЛС засчитываются каждому из этих лиц (R039)',
      'Строка 3, поле SS: значение «11223344595» — тот же СНИЛС указан у другого лица (с другим ЕНП) в строке 2; строка принята — проверьте СНИЛС: случаи COVID-19 из регистра по этому СНИЛС засчитываются каждому из этих лиц (R039)',
    ]);
    const phone = await crossRow([...PHONES, '8-916-123-45-67'].map((PHONE, i) => ({ ENP: enpNo(i + 1), FAM: `Иванов${'а'.repeat(i)}`, SS: '', PHONE })));
    expect(phone).toHaveLength(6);
    expect(phone[0]!.message).toBe(
      'Строка 2, поле PHONE: значение «+79161234567» — общий телефон: лиц с этим номером в файле — 6 (также в строках 3, 4, 5 и ещё 2); предупреждение выдаётся, когда номер указан у 5 лиц и более — проверьте, что это телефон самого лица; строка принята (R040)',
    );
    const person = await crossRow([{ FAM: 'Фёдоров', SS: '' }, { ENP: enpNo(2), FAM: 'ФЕДОРОВ', IM: 'иван', SS: '' }]);
    expect(person[1]).toMatchObject({ line: 3, field: 'FAM,IM,OT,DR,W', value: 'ФЕДОРОВ ИВАН ИВАНОВИЧ, 15.03.1985, пол 1', severity: 'warning' });
    expect(person[1]!.message).toBe(
      'Строка 3, поля FAM,IM,OT,DR,W: значение «ФЕДОРОВ ИВАН ИВАНОВИЧ, 15.03.1985, пол 1» — те же фамилия, имя, отчество, дата рождения и пол (без учёта регистра и различия е/ё) указаны с другим ЕНП в строке 2; возможно, у лица два полиса — проверьте; строка принята (R041)',
    );
  });

  it('state the share and threshold of F006 and name the missing column of F003', () => {
    expect(fileIssue('F006', { share: 0.256, threshold: 0.1 }).message).toBe(
      'Файл: доля строк с ошибками 25,6 % превышает допустимую 10 %, файл отклонён целиком (F006)',
    );
    expect(headerIssues(['ENP', 'SS', 'FAM', 'IM', 'W', 'DR', 'MO']).map((i) => i.message)).toEqual([
      'Файл: в заголовке нет обязательного столбца SMO (F003)',
    ]);
  });

  it('renumber a chunk-local issue to its file line', () => {
    const local = insured({ W: '3' }, 3).issues[0]!;
    const moved = renumberIssue(local, 1003);
    expect(moved.line).toBe(1003);
    expect(moved.message).toBe(local.message.replace('Строка 3,', 'Строка 1003,'));
    expect(renumberIssue(fileIssue('F001', {}), 5).line).toBe(0);
  });

  it('clip very long values', () => {
    const issue = insured({ ENP: '9'.repeat(5000) }).issues[0]!;
    expect(issue.value.length).toBeLessThanOrEqual(201);
    expect(issue.message.length).toBeLessThan(400);
  });
});
