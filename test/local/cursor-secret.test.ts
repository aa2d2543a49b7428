import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { localCursorSecret } from '../../infra/local/cursor-secret.js';

const dirs: string[] = [];
const fresh = () => {
  const dir = mkdtempSync(join(tmpdir(), 'omsflow-cursor-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('local page-cursor secret', () => {
  it('is random per data dir, kept there (owner-only), and the same after a restart', async () => {
    const dir = fresh();
    const first = await localCursorSecret(dir);
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await localCursorSecret(dir)).toBe(first);
    expect(statSync(join(dir, 'cursor-key.txt')).mode & 0o077).toBe(0);
    expect(await localCursorSecret(fresh())).not.toBe(first);
  });

  it('two processes starting at once agree on one secret', async () => {
    const dir = fresh();
    const [a, b] = await Promise.all([localCursorSecret(dir), localCursorSecret(dir)]);
    expect(a).toBe(b);
  });
});
