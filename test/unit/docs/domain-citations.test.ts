import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT as ROOT, repoFiles } from '../../support/repo-files.js';

/**
 * Code and docs cite the domain reference as «DOMAIN.md §3.5». It lives in the repository
 * (shared/DOMAIN.md), so every citation must resolve from a plain clone: each section it names
 * exists, and nothing points outside the repository to the old spec.
 */
const SELF = relative(ROOT, fileURLToPath(import.meta.url));
const TEXT = /\.(ts|tsx|mts|mjs|js|md|json|css|html|sh)$|^run$/;
const sourceFiles = () => repoFiles((name) => TEXT.test(name) && name !== 'package-lock.json');

/** Section numbers of DOMAIN.md's headings: «## §3. Files», «### §3.5. Returned …». */
function domainSections(markdown: string): Set<string> {
  return new Set([...markdown.matchAll(/^#{2,4} §(\d+(?:\.\d+)?)\./gm)].map((m) => m[1]!));
}

/** Every section a text cites: «DOMAIN.md §4», «DOMAIN.md §3.1–3.2», «DOMAIN.md §4, §9». */
function citedSections(text: string): string[] {
  return [...text.matchAll(/DOMAIN\.md §(\d+(?:\.\d+)?)((?:[–-]\d+(?:\.\d+)?)?(?:,\s*§\d+(?:\.\d+)?)*)/g)].flatMap((m) => [
    m[1]!,
    ...[...m[2]!.matchAll(/\d+(?:\.\d+)?/g)].map((n) => n[0]),
  ]);
}

const files = sourceFiles().filter((f) => f !== SELF);
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const sections = domainSections(read('shared/DOMAIN.md'));

describe('citations of the domain reference (shared/DOMAIN.md)', () => {
  it('reads the sections and citations it is meant to', () => {
    expect([...sections]).toEqual(expect.arrayContaining(['1', '2', '3', '3.1', '3.7', '4', '9', '10']));
    expect(citedSections('see DOMAIN.md §3.1–3.2 and DOMAIN.md §4, §9; DOMAIN.md §11.')).toEqual(['3.1', '3.2', '4', '9', '11']);
  });

  it('every «DOMAIN.md §x» in the tree names a section that exists', () => {
    const cited = files.flatMap((file) => citedSections(read(file)).map((section) => ({ file, section })));
    expect(cited.length).toBeGreaterThan(90);
    expect(cited.filter((c) => !sections.has(c.section))).toEqual([]);
  });

  it('nothing cites the spec outside the repository', () => {
    const outside = files.filter((file) => /\bSPEC §|shared\/SPEC\.md/.test(read(file)));
    expect(outside).toEqual([]);
  });
});
