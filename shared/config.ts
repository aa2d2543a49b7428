import { bucketEnvName, ENV, queueEnvName, tableEnvName, type BucketId, type TableId } from './runtime/declarations.js';

/** Reads a required setting; a missing one is a deployment error, reported by name. */
function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`Missing environment variable ${name}`);
  return value;
}

export const config = {
  bucket: (id: BucketId): string => required(bucketEnvName(id)),
  table: (id: TableId): string => required(tableEnvName(id)),
  queueUrl: (queueId: string): string => required(queueEnvName(queueId)),
  endpoint: (service: 's3' | 'dynamodb' | 'sqs'): string | undefined =>
    process.env[{ s3: ENV.s3Endpoint, dynamodb: ENV.dynamodbEndpoint, sqs: ENV.sqsEndpoint }[service]] || undefined,
  /** Share of rows with errors above which a whole file is REJECTED (DOMAIN.md §3). */
  rejectErrorShare: (): number => Number(process.env.OMS_FLK_REJECT_SHARE ?? '0.5'),
  /** Target size of one validation chunk of a CSV file. */
  chunkBytes: (): number => Number(process.env.OMS_CHUNK_BYTES ?? String(32 * 1024 * 1024)),
  /** Number of shards a region's persons are spread over for parallel group recompute. */
  regionShards: (): number => Number(process.env.OMS_REGION_SHARDS ?? '16'),
  /** Largest returned «абонентский пункт» an MO may upload (a 100 k-row file is ~6 MB). */
  returnMaxBytes: (): number => Number(process.env.OMS_RETURN_MAX_BYTES ?? String(50 * 1024 * 1024)),
  /** Largest informing-results file an SMO may upload (a 1 M-row CSV is ~40 MB). */
  resultsMaxBytes: (): number => Number(process.env.OMS_RESULTS_MAX_BYTES ?? String(100 * 1024 * 1024)),
  /** Delay before an SMO's target figures are recomputed after new results (collects bursts into one run). */
  informingRecomputeDelaySeconds: (): number => Number(process.env.OMS_INFORMING_RECOMPUTE_DELAY_SECONDS ?? '30'),
  /** How long a write may take to show in the GSI (eventually consistent in AWS, immediate in dynalite). */
  informingIndexLagMs: (): number => Number(process.env.OMS_INFORMING_INDEX_LAG_MS ?? '2000'),
};
