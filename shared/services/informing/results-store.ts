import { putResults, type StoredResult } from '../../adapters/store/informing-results.js';
import { noteInformingStart } from '../../adapters/store/informing-start.js';
import type { BatchId, IsoDate } from '../../domain/records.js';
import type { AcceptedResult } from '../../informing/result-rows.js';
import { requestRecompute } from './results-targets.js';

const LOAD_BATCH = 500;

export interface StoreBase {
  campaignId: string;
  smo: string;
  order: string;
  receivedAt: string;
  source: 'file' | 'api';
  sourceId: string;
}

/**
 * Stores accepted rows (except `skip`) in batches; returns counts and the `<region>#<batch>`s
 * touched. Each batch touched notes this delivery as the SMO's informing start (4.3/4.5) unless an
 * earlier one is noted.
 */
async function storeAccepted(rows: AsyncIterable<AcceptedResult>, skip: ReadonlySet<number>, base: StoreBase): Promise<{ stored: number; unchanged: number; batches: Set<string> }> {
  let stored = 0;
  let unchanged = 0;
  /** Earliest informing date of each batch touched. */
  const firstDates = new Map<string, IsoDate>();
  let batch: StoredResult[] = [];
  const flush = async () => {
    const out = await putResults(batch);
    stored += out.stored;
    unchanged += out.unchanged;
    batch = [];
  };
  for await (const row of rows) {
    if (skip.has(row.line)) continue;
    const key = `${row.region}#${row.batch}`;
    const first = firstDates.get(key);
    if (!first || row.date < first) firstDates.set(key, row.date);
    batch.push(storedOf(row, base));
    if (batch.length >= LOAD_BATCH) await flush();
  }
  if (batch.length) await flush();
  await Promise.all(
    [...firstDates].map(([key, date]) =>
      noteInformingStart({ campaignId: base.campaignId, region: key.slice(0, 2), batch: key.slice(3) as BatchId, smo: base.smo, receivedAt: base.receivedAt, date, source: base.source, sourceId: base.sourceId }),
    ),
  );
  return { stored, unchanged, batches: new Set(firstDates.keys()) };
}

const storedOf = (row: AcceptedResult, base: StoreBase): StoredResult => ({
  enp: row.enp,
  campaignId: base.campaignId,
  date: row.date,
  channel: row.channel,
  result: row.result,
  region: row.region,
  batch: row.batch,
  smo: base.smo,
  mo: row.mo,
  group: row.group,
  ...(row.dispensary ? { dispensary: true } : {}),
  order: base.order,
  receivedAt: base.receivedAt,
  source: base.source,
  sourceId: base.sourceId,
  line: row.line,
});

/** Stores a file's or a request's accepted rows, then queues the SMO's figures of every batch touched for recomputing. */
export async function storeAndRecompute(rows: AsyncIterable<AcceptedResult>, skip: ReadonlySet<number>, base: StoreBase): Promise<{ stored: number; unchanged: number }> {
  const loaded = await storeAccepted(rows, skip, base);
  await requestRecompute([...loaded.batches].map((b) => ({ campaignId: base.campaignId, region: b.slice(0, 2), batch: b.slice(3) as BatchId, smo: base.smo })));
  return { stored: loaded.stored, unchanged: loaded.unchanged };
}
