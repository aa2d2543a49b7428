import { fileIssue } from './codes.js';
import type { FlkIssue, HeaderResult } from './types.js';

export interface HeaderSpec<C extends string> {
  columns: readonly C[];
  required: readonly C[];
  /** Groups of which at least one column must be present (COVID: ENP or SS). */
  oneOf?: ReadonlyArray<readonly C[]>;
}

/**
 * Maps a header row onto the known columns: names compared trimmed and case-insensitively (a BOM
 * left on the first name is dropped). Unknown names are warnings (their values are ignored);
 * a missing required column or a repeated known one rejects the file.
 */
export function checkHeader<C extends string>(fields: readonly string[], spec: HeaderSpec<C>): HeaderResult<C> {
  const known = new Set<string>(spec.columns);
  const index = Object.fromEntries(spec.columns.map((c) => [c, -1])) as Record<C, number>;
  const issues: FlkIssue[] = [];
  const warnings: FlkIssue[] = [];
  fields.forEach((raw, i) => {
    const name = raw.replace(/^\uFEFF/, '').trim().toUpperCase();
    if (!name) return; // a trailing ';' in the header: nothing to map
    if (!known.has(name)) {
      warnings.push(fileIssue('F004', { field: name, value: raw.trim() }));
      return;
    }
    if (index[name as C] >= 0) {
      if (!issues.some((x) => x.code === 'F008' && x.field === name)) issues.push(fileIssue('F008', { field: name }));
      return;
    }
    index[name as C] = i;
  });
  for (const column of spec.required) if (index[column] < 0) issues.push(fileIssue('F003', { field: column }));
  for (const group of spec.oneOf ?? []) {
    if (group.every((c) => index[c] < 0)) issues.push(fileIssue('F003', { field: group.join(' или ') }));
  }
  if (issues.length) return { ok: false, issues: [...issues, ...warnings] };
  return { ok: true, columns: { index, width: fields.length }, warnings };
}
