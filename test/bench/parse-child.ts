/** Child of the parse benchmark: runs only our pipeline so its peak RSS is its own. */
import { runOurs } from './parse.js';

const path = process.argv[2];
if (!path) throw new Error('usage: parse-child <file>');
const count = await runOurs(path);
// ru_maxrss: the process's peak resident set, in kilobytes.
process.stdout.write(JSON.stringify({ rows: count.rows, peakRssMb: process.resourceUsage().maxRSS / 1024 }) + '\n');
