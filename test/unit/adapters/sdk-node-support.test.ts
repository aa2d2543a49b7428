import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { SDK_NODE_WARNING_ENV, sdkWarnsAbout } from '../../../shared/adapters/sdk-node-support.js';

/**
 * No warning about the Node version at start (issue 14): the AWS SDK's NodeVersionSupportWarning is
 * printed on Node < 22 at a process's first client. Each case runs a fresh Node — the one running
 * the tests, so CI checks this on Node 20 and on Node 22 — with the user's environment minus the
 * switch, and reads its stderr.
 */
const VERSION_WARNING = /NodeVersionSupportWarning|NodeDeprecationWarning|require node >=/;

function stderrOf(script: string): string {
  const env = { ...process.env };
  delete env[SDK_NODE_WARNING_ENV];
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: process.cwd(), env, encoding: 'utf8', timeout: 80_000 });
  expect(run.status, run.stderr).toBe(0);
  return run.stderr;
}

describe('the AWS SDK’s Node-version warning', () => {
  it('is printed by a bare SDK client exactly on Node < 22 (what the switch is for)', { timeout: 90_000 }, () => {
    const stderr = stderrOf(`const { S3Client } = await import('@aws-sdk/client-s3'); new S3Client({ region: 'eu-central-1' });`);
    expect(VERSION_WARNING.test(stderr), stderr).toBe(sdkWarnsAbout(process.version));
  });

  it('is not printed on the project’s start path: the local stack module (npm start) and every client', { timeout: 90_000 }, () => {
    const stderr = stderrOf(`
      await import('./infra/local/stack.ts');
      const c = await import('./shared/adapters/clients.ts');
      c.s3Client(); c.dynamoClient(); c.sqsClient(); c.snsClient();`);
    expect(stderr).not.toMatch(VERSION_WARNING);
  });

  it('tells the versions apart by their major number', () => {
    expect(['v20.19.0', 'v20.20.2', 'v18.0.0', '21.7.3'].map(sdkWarnsAbout)).toEqual([true, true, true, true]);
    expect(['v22.0.0', 'v22.23.3', 'v24.1.0'].map(sdkWarnsAbout)).toEqual([false, false, false]);
  });
});
