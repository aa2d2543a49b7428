import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { startLocalStack, type LocalStack, type LocalStackOptions } from '../../infra/local/stack.js';

export interface TestStack {
  stack: LocalStack;
  dataDir: string;
  /** A client of the stack's S3 emulator, for putting inbox files and reading the outbox. */
  s3: S3Client;
  /** Stops the stack and removes its data folder. */
  stop(): Promise<void>;
}

/**
 * The local stack of an integration test: a fresh data folder, free ports, no schedules, 1-second
 * visibility (retries come quickly), no endpoints file, quiet. `opts` adds to or overrides these.
 */
export async function startTestStack(prefix: string, opts: Partial<LocalStackOptions> = {}): Promise<TestStack> {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  const stack = await startLocalStack({
    dataDir,
    ports: { dynamodb: 0, s3: 0, sqs: 0, api: 0 },
    schedules: false,
    visibilityTimeoutSeconds: 1,
    endpointsFile: null,
    log: () => undefined,
    ...opts,
  });
  const s3 = new S3Client({ endpoint: stack.endpoints.s3.endpoint, forcePathStyle: true, region: stack.endpoints.region, credentials: stack.endpoints.credentials });
  return {
    stack,
    dataDir,
    s3,
    async stop() {
      await stack.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
