/**
 * Child of the forming and informing benchmarks: writes persons [from, to) of the region as group
 * 1–2 decisions with cards — and, with `withPlans`, their planned registry entries — straight into
 * the local DynamoDB (dynalite has no bulk loader). A separate process so that building and
 * marshalling items runs on the other core while dynalite stores them.
 * Usage: seed-child '<SeedJob JSON>'; prints {"written","ms"} (persons) as its last line.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { seedDecision, type SeedJob } from './forming-data.js';
import { seedPlan } from './informing-data.js';
import { listItems } from './personal-lists-data.js';
import { InsuredFactory } from '../../infra/local/testdata/generator.js';
import { loadReferenceData } from '../../shared/reference/load.js';

const job = JSON.parse(process.argv[2] ?? '') as SeedJob;
const ddb = DynamoDBDocumentClient.from(
  new DynamoDBClient({ endpoint: job.endpoint, region: job.awsRegion, credentials: job.credentials, maxAttempts: 10 }),
  { marshallOptions: { removeUndefinedValues: true } },
);
const ref = loadReferenceData(job.referenceDir);
const mos = [...ref.mos.values()].filter((m) => m.region === job.region).map((m) => m.code);
const factory = new InsuredFactory({ region: job.region, rows: job.to, ref, seed: job.seed, today: job.today });

let next = job.from;
let written = 0;
const t = performance.now();

// One BatchWrite holds 25 items: 25 persons, 12 with their registry entries, 8 with the lists' items.
const perBatch = job.listsSmo ? 8 : job.withPlans ? 12 : 25;

/** One lane: takes the next persons, writes them, retries what dynalite left unprocessed. */
async function lane(): Promise<void> {
  while (next < job.to) {
    const start = next;
    const end = Math.min(job.to, start + perBatch);
    next = end;
    let pending = [];
    for (let n = start; n < end; n++) {
      if (job.listsSmo) {
        pending.push(...listItems(factory.fields(n + 1), n, mos, { ...job, smo: job.listsSmo }).map((Item) => ({ PutRequest: { Item } })));
        continue;
      }
      const decision = seedDecision(factory.fields(n + 1), n, mos, job);
      pending.push({ PutRequest: { Item: decision } });
      if (job.withPlans) pending.push({ PutRequest: { Item: seedPlan(decision, n, job) } });
    }
    for (let attempt = 0; pending.length; attempt++) {
      const out = await ddb.send(new BatchWriteCommand({ RequestItems: { [job.table]: pending } }));
      pending = (out.UnprocessedItems?.[job.table] ?? []) as typeof pending;
      if (pending.length) await new Promise((r) => setTimeout(r, Math.min(2000, 50 * 2 ** attempt)));
    }
    written += end - start;
  }
}

await Promise.all(Array.from({ length: job.inFlight }, lane));
ddb.destroy();
process.stdout.write(JSON.stringify({ written, ms: performance.now() - t }) + '\n');
