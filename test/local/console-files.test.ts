import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { consoleFiles } from '../../infra/local/console-files.js';

/** The console's CSP lets it reach the storage its signed URLs point to, and nothing else. */
describe('the local console’s content security policy', () => {
  const dir = mkdtempSync(join(tmpdir(), 'omsflow-console-files-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html>');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const connectSrc = (csp: string) => /connect-src ([^;]+)/.exec(csp)?.[1];

  it('names the storage origin in connect-src when given, only the console’s own origin otherwise', async () => {
    const withStorage = await consoleFiles(dir, 'http://127.0.0.1:4569')('/abonent');
    expect(connectSrc(String(withStorage.headers['content-security-policy']))).toBe("'self' http://127.0.0.1:4569");
    const without = await consoleFiles(dir)('/');
    expect(connectSrc(String(without.headers['content-security-policy']))).toBe("'self'");
    expect(String(without.headers['content-security-policy'])).toContain("script-src 'self'");
  });
});
