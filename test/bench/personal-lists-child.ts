/**
 * Child of the personal-data lists benchmark: the client side, in its own process.
 * Usage: personal-lists-child '<LoadJob JSON>'; prints the sorted latencies (ms) as its last line.
 */
import { runLoad, type LoadJob } from './personal-lists-load.js';

const job = JSON.parse(process.argv[2] ?? '') as LoadJob;
process.stdout.write(JSON.stringify(await runLoad(job)) + '\n');
