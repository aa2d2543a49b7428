/**
 * Parsers of the two НСИ files of the planned-hospitalization resource (DOMAIN.md §4):
 * `bed-profiles.csv` (профили коек, V020-like) and `hospitalization-reasons.csv` (why a planned
 * hospitalization did not happen). Same conventions as shared/reference/load.ts: UTF-8, `;`,
 * header row, no quoting; any inconsistency throws, so bad reference data never loads half-way.
 */

export interface CodeName {
  code: string;
  name: string;
}

export type BedProfile = CodeName;
export type HospitalizationReason = CodeName;

function parseCodeNameCsv(text: string, file: string, codePattern: RegExp, what: string): CodeName[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = lines[0] ?? '';
  if (header.trim() !== 'CODE;NAME') throw new Error(`НСИ ${file}: заголовок «${header}», ожидается «CODE;NAME»`);
  const seen = new Set<string>();
  const out: CodeName[] = [];
  lines.slice(1).forEach((line, i) => {
    if (line.trim() === '') return;
    const fields = line.split(';');
    if (fields.length !== 2) throw new Error(`НСИ ${file}, строка ${i + 2}: полей ${fields.length}, ожидается 2`);
    const code = fields[0]!.trim();
    const name = fields[1]!.trim();
    if (!codePattern.test(code)) throw new Error(`НСИ ${file}, строка ${i + 2}: код ${what} «${code}» не соответствует формату`);
    if (!name) throw new Error(`НСИ ${file}, строка ${i + 2}: нет наименования для кода ${code}`);
    if (seen.has(code)) throw new Error(`НСИ ${file}: код ${code} повторяется`);
    seen.add(code);
    out.push({ code, name });
  });
  if (!out.length) throw new Error(`НСИ ${file}: файл не содержит ни одного кода`);
  return out;
}

/** V020 IDK_PR is numeric (up to 3 digits); codes are kept as strings, compared as written. */
export function parseBedProfiles(text: string, file = 'bed-profiles.csv'): BedProfile[] {
  return parseCodeNameCsv(text, file, /^\d{1,3}$/, 'профиля койки');
}

export function parseHospitalizationReasons(text: string, file = 'hospitalization-reasons.csv'): HospitalizationReason[] {
  return parseCodeNameCsv(text, file, /^\d{2}$/, 'причины');
}

/** Membership test over a parsed list, for `ValidationContext.isBedProfile` / `isReason`. */
export function codeMatcher(items: readonly CodeName[]): (code: string) => boolean {
  const codes = new Set(items.map((i) => i.code));
  return (code) => codes.has(code);
}
