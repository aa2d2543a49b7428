import { z } from 'zod';

/** Bodies of the internal queue messages (functions/catalog.ts QUEUES). */

/** ingest-chunks: validate bytes [start, end) of a received file; lines starting in the range belong to it. */
export const ChunkMessage = z.object({
  fileId: z.string().min(1),
  chunk: z.number().int().nonnegative(),
  start: z.number().int().nonnegative(),
  end: z.number().int().positive(),
});
export type ChunkMessage = z.infer<typeof ChunkMessage>;

/** ingest-finalize: every chunk of the file is validated. */
export const FinalizeMessage = z.object({ fileId: z.string().min(1) });
export type FinalizeMessage = z.infer<typeof FinalizeMessage>;

/** ingest-load: load the valid rows of one chunk. */
export const LoadMessage = z.object({ fileId: z.string().min(1), chunk: z.number().int().nonnegative() });
export type LoadMessage = z.infer<typeof LoadMessage>;

/** groups-recompute: without `shard` fans out to every shard of the region. */
export const RecomputeMessage = z.object({
  region: z.string().regex(/^\d{2}$/),
  shard: z.number().int().nonnegative().optional(),
  reason: z.string().min(1),
});
export type RecomputeMessage = z.infer<typeof RecomputeMessage>;
