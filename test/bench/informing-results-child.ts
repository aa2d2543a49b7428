/** Child of the informing-results bench: one ingest pass over the given file, so its peak RSS is its own. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runIngest } from './informing-results.js';

const path = process.argv[2];
if (!path) throw new Error('usage: informing-results-child <file>');
const dir = mkdtempSync(join(tmpdir(), 'omsflow-results-child-'));
try {
  const count = await runIngest(path, dir);
  // ru_maxrss: the process's peak resident set, in kilobytes.
  process.stdout.write(JSON.stringify({ rows: count.rows, peakRssMb: process.resourceUsage().maxRSS / 1024 }) + '\n');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
