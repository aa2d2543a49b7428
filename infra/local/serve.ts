import { isAbsolute, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_DATA_DIR, REPO_ROOT } from './endpoints.js';
import type { LocalStack } from './stack.js';

/**
 * What `npm start` and `npm run demo` share once the stack runs: where the data lives and a clean
 * stop on Ctrl-C (queued SQS messages are saved, running handlers finish).
 */

/** The demo's data (`npm run demo` recreates it; `npm start -- --demo` reopens it). */
export const DEMO_DIR = join(REPO_ROOT, '.local', 'demo');
export const DEMO_DATA_DIR = join(DEMO_DIR, 'data');

/**
 * The data folder of `npm start`: `--demo` = the demo's, `--data DIR` = any (relative to the
 * repository), default `.local/data`.
 */
export function dataDirFromArgs(args: string[]): string {
  const { values } = parseArgs({ args, options: { data: { type: 'string' }, demo: { type: 'boolean' } }, strict: true });
  if (values.demo && values.data) throw new Error('--demo и --data вместе не задаются: выберите одно.');
  if (values.demo) return DEMO_DATA_DIR;
  if (values.data) return isAbsolute(values.data) ? values.data : resolve(REPO_ROOT, values.data);
  return DEFAULT_DATA_DIR;
}

/** Stops the stack on SIGINT/SIGTERM and exits (1 when stopping failed). */
export function stopOnSignal(stack: Pick<LocalStack, 'stop'>, stoppingMessage: (signal: string) => string): void {
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(stoppingMessage(signal));
    try {
      await stack.stop();
      process.exit(0);
    } catch (error) {
      console.error(error);
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}
