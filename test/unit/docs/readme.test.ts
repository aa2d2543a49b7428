import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT as ROOT, repoFiles } from '../../support/repo-files.js';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
const ci = readFileSync(join(ROOT, '.ci/run'), 'utf8');

/** Every markdown file of the repository: the README map and the folder READMEs it links to. */
const docs = repoFiles((name) => name.endsWith('.md')).map((file) => ({ file, text: readFileSync(join(ROOT, file), 'utf8') }));

/**
 * Links to docs another piece of work adds (issue 14: crash recovery); listed here so the map can
 * point at them already. Remove an entry once its file exists.
 */
const PENDING = new Set<string>();

describe('README is a map that stays true', () => {
  it('opens with the two set-up commands, and CI runs the test one', () => {
    const setup = readme.slice(readme.indexOf('```bash') + 7, readme.indexOf('```', readme.indexOf('```bash') + 7)).trim().split('\n');
    expect(setup.map((l) => l.split('#')[0]!.trim())).toEqual(['npm install && npm run demo', 'npm install && npm test']);
    expect(pkg.scripts.demo).toBeDefined();
    expect(ci).toMatch(/^npm test$/m);
  });

  it('is a map: at most 200 lines, linking each feature folder README', () => {
    expect(readme.split('\n').length).toBeLessThanOrEqual(200);
    for (const folder of ['ingest', 'abonent', 'informing', 'hospitalization', 'obligations', 'access', 'flk']) {
      expect(readme).toContain(`](shared/${folder}/README.md)`);
    }
  });

  it('names only paths that exist in its find-your-room table and layout', () => {
    const paths = [...readme.matchAll(/`((?:functions|shared|infra|web|test|events|docs)\/[^`*<>{}…\s]*)`/g)].map((m) => m[1]!);
    expect(paths.length).toBeGreaterThan(40);
    expect(paths.filter((p) => !existsSync(join(ROOT, p)))).toEqual([]);
  });

  it('every relative link of every markdown file resolves from a plain clone', () => {
    const broken = docs.flatMap(({ file, text }) =>
      [...text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)]
        .map((m) => m[1]!)
        .filter((target) => !/^[a-z]+:/.test(target))
        .map((target) => relative(ROOT, join(ROOT, dirname(file), target)))
        .filter((target) => !existsSync(join(ROOT, target)) && !PENDING.has(target))
        .map((target) => `${file} → ${target}`),
    );
    expect(broken).toEqual([]);
  });

  it('examples read the local ports from .local/endpoints.json (OMS_LOCAL_PORT_* may move them)', () => {
    for (const { file, text } of docs) {
      const blocks = [...text.matchAll(/```bash\n([\s\S]*?)```/g)].map((m) => m[1]!);
      const code = (line: string) => line.replace(/(^|\s)#.*$/, '');
      const hardCoded = blocks.flatMap((b) => b.split('\n').map(code)).filter((l) => /(127\.0\.0\.1|localhost):\d+/.test(l));
      expect([file, hardCoded]).toEqual([file, []]);
      for (const block of blocks.filter((b) => /\$API\b/.test(b))) expect([file, block]).toEqual([file, expect.stringContaining(`API=$(node -p "require('./.local/endpoints.json').api.url")`)]);
    }
  });

  it('invokes only sample events that exist', () => {
    const samples = docs.flatMap(({ text }) => [...text.matchAll(/\bevents\/[\w.-]+\.json/g)].map((m) => m[0]));
    expect(samples.length).toBeGreaterThan(0);
    for (const sample of samples) expect([sample, existsSync(join(ROOT, sample))]).toEqual([sample, true]);
  });
});
