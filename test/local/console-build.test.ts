import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONSOLE_DIST, ensureConsoleBuilt } from '../../infra/local/console.js';

/**
 * The console the local stack serves is the production build even when a test builds it: vitest
 * sets NODE_ENV=test, which would otherwise give React's development bundle (about 60 KB more
 * gzipped on the first load, and the bench would measure that).
 */
describe('the web console build', { timeout: 240_000 }, () => {
  it('is a production build of React, whatever NODE_ENV the caller runs with', async () => {
    expect(process.env.NODE_ENV).toBe('test');
    await ensureConsoleBuilt(() => undefined);
    expect(process.env.NODE_ENV).toBe('test');
    const assets = join(CONSOLE_DIST, 'assets');
    const scripts = readdirSync(assets).filter((f) => f.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(3);
    // Development-only React: warnings about keys and the profiler's per-fiber timings.
    const development = scripts.filter((f) => /Each child in a list should have a unique "key" prop|treeBaseDuration/.test(readFileSync(join(assets, f), 'utf8')));
    expect(development).toEqual([]);
  });
});
