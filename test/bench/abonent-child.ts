/** Child of the abonent benchmark: writes one file of N rows so its peak RSS is its own. */
import { abonentRows, writeOurs } from './abonent.js';

async function* lazy(rows: number) {
  yield* abonentRows(rows);
}

const rows = Number(process.argv[2]);
if (!Number.isInteger(rows) || rows < 1) throw new Error('usage: abonent-child <rows>');
const t = performance.now();
const count = await writeOurs(lazy(rows));
const ms = performance.now() - t;
// ru_maxrss: the process's peak resident set, in kilobytes.
process.stdout.write(JSON.stringify({ rows: count.rows, peakRssMb: process.resourceUsage().maxRSS / 1024, ms, bytes: count.bytes }) + '\n');
