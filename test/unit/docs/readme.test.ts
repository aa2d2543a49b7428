import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { flkCodesMarkdown } from '../../../shared/flk/codes.js';
import { hospitalizationCodesMarkdown } from '../../../shared/hospitalization/rules.js';
import { API_ROUTES } from '../../../shared/runtime/api-routes.js';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> };
const ci = readFileSync(new URL('../../../.ci/run', import.meta.url), 'utf8');

describe('README stays true', () => {
  it('lists the current ФЛК catalogue', () => {
    expect(readme).toContain(flkCodesMarkdown());
  });

  it('lists the rules of the planned-hospitalization submission', () => {
    expect(readme).toContain(hospitalizationCodesMarkdown());
  });

  it('documents every API route', () => {
    for (const route of API_ROUTES.filter((r) => r.auth === 'jwt')) expect(readme).toContain(`\`${route.method} ${route.path}`);
  });

  it('its examples read the local ports from .local/endpoints.json (OMS_LOCAL_PORT_* may move them)', () => {
    const blocks = [...readme.matchAll(/```bash\n([\s\S]*?)```/g)].map((m) => m[1]!);
    const code = (line: string) => line.replace(/(^|\s)#.*$/, '');
    const hardCoded = blocks.flatMap((b) => b.split('\n').map(code)).filter((l) => /(127\.0\.0\.1|localhost):\d+/.test(l));
    expect(hardCoded).toEqual([]);
    for (const block of blocks.filter((b) => /\$API\b/.test(b))) expect(block).toContain(`API=$(node -p "require('./.local/endpoints.json').api.url")`);
  });

  it('invokes only sample events that exist', () => {
    const samples = [...readme.matchAll(/\bevents\/[\w.-]+\.json/g)].map((m) => m[0]);
    expect(samples.length).toBeGreaterThan(0);
    for (const sample of samples) expect([sample, existsSync(new URL(`../../../${sample}`, import.meta.url))]).toEqual([sample, true]);
  });

  it('opens with the two set-up commands, and CI runs the test one', () => {
    const setup = readme.slice(readme.indexOf('```bash') + 7, readme.indexOf('```', readme.indexOf('```bash') + 7)).trim().split('\n');
    expect(setup.map((l) => l.split('#')[0]!.trim())).toEqual(['npm install && npm run demo', 'npm install && npm test']);
    expect(pkg.scripts.demo).toBeDefined();
    expect(ci).toMatch(/^npm test$/m);
  });
});
