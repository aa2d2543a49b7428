import type { InsuredPerson } from '../domain/records.js';
import { rowIssue, SHARED_PHONE_MIN_PERSONS, type RowCode } from '../flk/codes.js';
import type { FlkIssue } from '../flk/types.js';
import { repeatedKeys, type KeyedLine } from './duplicates.js';

/**
 * Cross-row ФЛК warnings of an insured export: values that real registries repeat across persons
 * (R039 СНИЛС, R040 phone, R041 the same person under two ЕНП). Each valid row stages one key per
 * check, `<prefix><value>`, beside its ЕНП; the finalizer merges the sorted keys of all chunks and
 * warns every row of a group big enough. The rows still load. A row rejected as a repeated ЕНП
 * (R016) takes no part: it is the same person, not another one.
 */
interface CrossRowCheck {
  code: RowCode;
  field: string;
  /** Rows (distinct persons) sharing the key from which each of them is warned. */
  minRows: number;
  /** The value as the protocol quotes it, from the key without its prefix. */
  shown(value: string): string;
  detail(others: string, rows: number): string;
}

const CHECKS: Readonly<Record<string, CrossRowCheck>> = {
  S: { code: 'R039', field: 'SS', minRows: 2, shown: (v) => v, detail: (others) => others },
  P: { code: 'R040', field: 'PHONE', minRows: SHARED_PHONE_MIN_PERSONS, shown: (v) => v, detail: (others, rows) => `${rows} (также ${others})` },
  I: {
    code: 'R041',
    field: 'FAM,IM,OT,DR,W',
    minRows: 2,
    shown: (v) => {
      const [fio, dr, w] = v.split('|') as [string, string, string];
      return `${fio.trim()}, ${dr.split('-').reverse().join('.')}, пол ${w}`;
    },
    detail: (others) => others,
  },
};

const SPACES = /[\s\x00-\x1f]+/g;

/**
 * The keys a valid insured row stages for the cross-row checks. The name is compared in upper
 * case with ё as е; runs of spaces or control characters count as one space (a key stays one line).
 * Called for every valid row: one case conversion per row, not per field.
 */
export function insuredCrossKeys(p: InsuredPerson): string[] {
  const fio = `${p.fam} ${p.im} ${p.ot ?? ''}`.toUpperCase().replaceAll('Ё', 'Е').replace(SPACES, ' ');
  const keys = [`I${fio}|${p.dr}|${p.w}`];
  if (p.snils) keys.push(`S${p.snils}`);
  if (p.phone) keys.push(`P${p.phone}`);
  return keys;
}

/** Whether a group of rows sharing `key` is warned about. */
export function isWarnedGroup(key: string, rows: number): boolean {
  const check = CHECKS[key[0] ?? ''];
  return check !== undefined && rows >= check.minRows;
}

/** The warning of the row at `line` in a warned group of rows (`lines`, in order) sharing `key`. */
export function crossRowIssue(key: string, line: number, lines: readonly number[]): FlkIssue {
  const check = CHECKS[key[0]!]!;
  return rowIssue(check.code, line, check.field, check.shown(key.slice(1)), check.detail(otherRows(lines, line), lines.length));
}

/** «в строке 7», «в строках 7, 9, 12 и ещё 3»: the other rows of the group, the first three named. */
function otherRows(lines: readonly number[], self: number): string {
  const others = lines.filter((l) => l !== self);
  const named = others.slice(0, 3).join(', ');
  const more = others.length > 3 ? ` и ещё ${others.length - 3}` : '';
  return others.length === 1 ? `в строке ${named}` : `в строках ${named}${more}`;
}

/** A row to warn: `lines` are all rows of its group (one array shared by the group). */
export interface CrossRowFinding extends KeyedLine {
  lines: readonly number[];
}

/**
 * The warned rows, per chunk in line order, from each chunk's sorted `key\tline` list by a
 * streaming k-way merge; rows in `rejected` (repeated ЕНП) are left out of every group.
 */
export async function findCrossRowWarnings(sources: Array<AsyncIterator<KeyedLine>>, rejected: ReadonlySet<number>): Promise<Map<number, CrossRowFinding[]>> {
  const byChunk = new Map<number, CrossRowFinding[]>();
  for await (const repeated of repeatedKeys(sources)) {
    const group = repeated.filter((entry) => !rejected.has(entry.line));
    if (!isWarnedGroup(group[0]?.key ?? '', group.length)) continue;
    const lines = group.map((entry) => entry.line);
    for (const entry of group) {
      const list = byChunk.get(entry.chunk) ?? [];
      list.push({ ...entry, lines });
      byChunk.set(entry.chunk, list);
    }
  }
  for (const list of byChunk.values()) list.sort((a, b) => a.line - b.line || CHECKS[a.key[0]!]!.code.localeCompare(CHECKS[b.key[0]!]!.code));
  return byChunk;
}
