import { isoOfRu, parseRuDate } from '../flk/fields.js';
import type { FlkIssue } from '../flk/types.js';
import { hospLineIssue, relocateIssue } from './rules.js';
import { SECTION_KEYS, SECTIONS, validateSubmission, type SectionKey, type ValidationContext, type ValidationResult } from './submission.js';

/**
 * The file form of the daily submission (DOMAIN.md §3 conventions: `;`, header row, dates
 * DD.MM.YYYY): one row per record, `SECTION` says which part it belongs to. One `ZGLV` row
 * carries the sender (`CODE_MO`) and the reporting day (`DATE`). A row with only `SECTION`
 * filled declares that section present and empty («no events»), as `[]` does in JSON.
 * Parsed into exactly the JSON shape `validateSubmission` takes, so both forms share every rule.
 */

/** File code of each section (case-insensitive in files). */
export const CSV_SECTION: Readonly<Record<SectionKey, string>> = {
  freeBeds: 'FREE_BEDS',
  hospitalized: 'HOSPITALIZED',
  emergency: 'EMERGENCY',
  notHospitalized: 'NOT_HOSPITALIZED',
  referredIn: 'REFERRED_IN',
  referralsIssued: 'REFERRALS_ISSUED',
};
export const ZGLV = 'ZGLV';

/** JSON field → file column (FOMS naming: PROFIL_K, NPR_MO, DATE_1/DATE_2 as in registries). */
export const CSV_COLUMN: Readonly<Record<string, string>> = {
  profile: 'PROFIL_K',
  date: 'DATE',
  free: 'FREE',
  releaseDate: 'DATE_FREE',
  enp: 'ENP',
  referringMo: 'NPR_MO',
  targetMo: 'MO_HOSP',
  admissionDate: 'DATE_1',
  plannedDate: 'DATE_1',
  hospitalizationDate: 'DATE_1',
  dischargeDate: 'DATE_2',
  reason: 'REASON',
  hmp: 'VMP',
};

export const CSV_COLUMNS = ['SECTION', 'CODE_MO', 'DATE', 'PROFIL_K', 'FREE', 'DATE_FREE', 'ENP', 'NPR_MO', 'MO_HOSP', 'DATE_1', 'DATE_2', 'REASON', 'VMP'] as const;
type Column = (typeof CSV_COLUMNS)[number];

const BY_FILE_CODE = new Map<string, SectionKey>(SECTION_KEYS.map((k) => [CSV_SECTION[k], k]));
const DATE_COLUMNS = new Set<string>(['DATE', 'DATE_FREE', 'DATE_1', 'DATE_2']);

export interface CsvParse {
  /** The JSON-shaped submission for `validateSubmission`. */
  input: unknown;
  /** Findings of the file layer itself (header, field count, unknown section…), with physical lines. */
  issues: FlkIssue[];
  /** Where each JSON path came from: `freeBeds[3]` → line, `mo`/`forDate` → the ZGLV line, section → its first line. */
  lines: ReadonlyMap<string, number>;
}

export function parseSubmissionCsv(text: string): CsvParse {
  const issues: FlkIssue[] = [];
  const lines = new Map<string, number>();
  const physical = text.replace(/^\uFEFF/, '').split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  const head = physical[0] ?? '';
  if (!head.trim()) {
    issues.push(hospLineIssue('H026', 0, '', '', 'нет строки заголовка с полями через «;»'));
    return { input: undefined, issues, lines };
  }

  const index = new Map<Column, number>();
  head.split(';').forEach((raw, i) => {
    const name = raw.trim().toUpperCase();
    if (!name) return;
    if (!(CSV_COLUMNS as readonly string[]).includes(name)) issues.push(hospLineIssue('H028', 1, name, raw.trim()));
    else if (index.has(name as Column)) issues.push(hospLineIssue('H026', 1, name, '', `столбец ${name} указан дважды`));
    else index.set(name as Column, i);
  });
  if (!index.has('SECTION')) issues.push(hospLineIssue('H026', 1, 'SECTION', '', 'нет обязательного столбца SECTION'));
  if (issues.some((i) => i.severity === 'error')) return { input: undefined, issues, lines };
  const width = head.split(';').length;

  const input: Record<string, unknown> = {};
  let zglvLine = 0;
  for (let n = 2; n <= physical.length; n++) {
    const line = physical[n - 1]!;
    if (!line.trim()) continue;
    const fields = line.split(';');
    if (fields.length !== width && !(fields.length > width && fields.slice(width).every((f) => !f.trim()))) {
      issues.push(hospLineIssue('H027', n, '', '', `полей ${fields.length}, в заголовке ${width}`));
      continue;
    }
    const cell = (c: Column): string => {
      const i = index.get(c);
      return i === undefined ? '' : (fields[i] ?? '').trim();
    };
    const code = cell('SECTION').toUpperCase();

    if (code === ZGLV) {
      if (zglvLine) {
        issues.push(hospLineIssue('H030', n, 'SECTION', ZGLV, `повторяется (первая — в строке ${zglvLine})`));
        continue;
      }
      zglvLine = n;
      if (cell('CODE_MO')) input.mo = cell('CODE_MO');
      if (cell('DATE')) input.forDate = toIsoDate(cell('DATE'));
      lines.set('mo', n).set('forDate', n);
      continue;
    }

    const key = BY_FILE_CODE.get(code);
    if (!key) {
      issues.push(hospLineIssue('H025', n, 'SECTION', cell('SECTION'), [ZGLV, ...Object.values(CSV_SECTION)].join(', ')));
      continue;
    }
    const rows = (input[key] ??= []) as Record<string, unknown>[];
    if (!lines.has(key)) lines.set(key, n);

    const spec = SECTIONS[key];
    const used = new Set(Object.keys(spec.fields).map((f) => CSV_COLUMN[f]!));
    for (const c of index.keys()) {
      if (c !== 'SECTION' && !used.has(c) && cell(c)) issues.push(hospLineIssue('H029', n, c, cell(c), CSV_SECTION[key]));
    }
    const record: Record<string, unknown> = {};
    for (const [name, field] of Object.entries(spec.fields)) {
      const column = CSV_COLUMN[name] as Column;
      const value = cell(column);
      if (!value) continue;
      record[name] = field.kind === 'count' ? toNumber(value) : field.kind === 'flag' ? toFlag(value) : DATE_COLUMNS.has(column) ? toIsoDate(value) : value;
    }
    if (Object.keys(record).length === 0) continue; // «section present, nothing to report»
    lines.set(`${key}[${rows.length}]`, n);
    rows.push(record);
  }
  if (!zglvLine) issues.push(hospLineIssue('H030', 0, 'SECTION', '', 'отсутствует: нужна одна строка ZGLV с CODE_MO и DATE (отчётные сутки)'));
  return { input, issues, lines };
}

/** DD.MM.YYYY → ISO; anything else passes through as written, for the validator to reject. */
function toIsoDate(value: string): string {
  return typeof parseRuDate(value) === 'number' ? isoOfRu(value) : value;
}

function toNumber(value: string): number | string {
  return /^-?\d+([.,]\d+)?$/.test(value) ? Number(value.replace(',', '.')) : value;
}

function toFlag(value: string): boolean | string {
  return value === '1' ? true : value === '0' ? false : value;
}

const PATH = /^(\w+)\[(\d+)\](?:\.(\w+))?$/;

/** Puts validator findings (JSON paths) at the file's lines and columns. */
export function locateCsvIssues(issues: readonly FlkIssue[], lines: ReadonlyMap<string, number>): FlkIssue[] {
  return issues.map((issue) => {
    if (!issue.field) return relocateIssue(issue, 0, '');
    if (issue.field === 'mo' || issue.field === 'forDate') {
      const at = relocateIssue(issue, lines.get(issue.field) ?? 0, issue.field === 'mo' ? 'CODE_MO' : 'DATE');
      return issue.code === 'H008' ? hospLineIssue('H008', at.line, at.field, issue.value, 'ДД.ММ.ГГГГ') : at;
    }
    const m = PATH.exec(issue.field);
    if (!m) return relocateIssue(issue, lines.get(issue.field) ?? 0, 'SECTION');
    const line = lines.get(`${m[1]}[${m[2]}]`) ?? 0;
    const column = m[3] ? (CSV_COLUMN[m[3]] ?? m[3]) : '';
    // Date findings name the file's own format, not the JSON one.
    if (issue.code === 'H008') return hospLineIssue('H008', line, column, issue.value, 'ДД.ММ.ГГГГ');
    if (issue.code === 'H001' && m[3] === 'hmp') return hospLineIssue('H001', line, column, issue.value, 'признак ВМП должен быть 1 или 0');
    return relocateIssue(issue, line, column);
  });
}

/** File form end to end: file-layer findings plus every submission rule, ordered by line. */
export function validateSubmissionCsv(text: string, ctx: ValidationContext): ValidationResult {
  const parsed = parseSubmissionCsv(text);
  if (parsed.input === undefined) return { issues: parsed.issues };
  const result = validateSubmission(parsed.input, ctx);
  const issues = [...parsed.issues, ...locateCsvIssues(result.issues, parsed.lines)].sort((a, b) => a.line - b.line);
  const failed = issues.some((i) => i.severity === 'error');
  return failed ? { issues } : { submission: result.submission, issues };
}

/** A submission written as the file form (for tests, samples and the demo). */
export function submissionToCsv(input: { mo: string; forDate: string } & Partial<Record<SectionKey, readonly Record<string, unknown>[]>>): string {
  const row = (values: Partial<Record<Column, string>>): string => CSV_COLUMNS.map((c) => values[c] ?? '').join(';');
  const ru = (iso: string): string => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;
  const out = [CSV_COLUMNS.join(';'), row({ SECTION: ZGLV, CODE_MO: input.mo, DATE: ru(input.forDate) })];
  for (const key of SECTION_KEYS) {
    const records = input[key];
    if (!records) continue;
    if (!records.length) out.push(row({ SECTION: CSV_SECTION[key] }));
    for (const record of records) {
      const values: Partial<Record<Column, string>> = { SECTION: CSV_SECTION[key] };
      for (const [name, value] of Object.entries(record)) {
        const column = CSV_COLUMN[name] as Column | undefined;
        if (!column || value === undefined) continue;
        values[column] = typeof value === 'boolean' ? (value ? '1' : '0') : DATE_COLUMNS.has(column) ? ru(String(value)) : String(value);
      }
      out.push(row(values));
    }
  }
  return `${out.join('\r\n')}\r\n`;
}
