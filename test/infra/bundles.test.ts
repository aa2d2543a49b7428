import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../functions/catalog.js';
import { REPO_ROOT } from '../../infra/local/endpoints.js';

/**
 * What each Lambda bundle is built from (the esbuild of infra/constructs/functions.ts, packages left
 * out: only the repository's own modules matter here). Local tooling and tests — the stack runner,
 * the test data generators of infra/local/testdata, test helpers — must never ship to AWS.
 */
async function ownModulesOf(entry: string): Promise<string[]> {
  const { metafile } = await build({
    absWorkingDir: REPO_ROOT,
    entryPoints: [entry],
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    packages: 'external',
    logLevel: 'silent',
  });
  return Object.keys(metafile.inputs);
}

describe('Lambda bundles hold runtime code only', () => {
  it.each(FUNCTIONS.map((f) => [f.id, f.entry] as const))('%s', async (_, entry) => {
    const modules = await ownModulesOf(entry);
    expect(modules).toContain(entry);
    expect(modules.filter((m) => /^(infra|test)\//.test(m))).toEqual([]);
  });
});
