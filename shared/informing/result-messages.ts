import { z } from 'zod';

const SmoBatch = z.object({
  campaignId: z.string().min(1),
  region: z.string().regex(/^\d{2}$/),
  batch: z.enum(['12', '34']),
  smo: z.string().regex(/^\d{5}$/),
});
export type SmoBatchRef = z.infer<typeof SmoBatch>;

const Scope = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('smo'), smo: z.string().regex(/^\d{5}$/) }),
  z.object({ kind: z.literal('region'), region: z.string().regex(/^\d{2}$/) }),
  z.object({ kind: z.literal('federal') }),
]);

/**
 * informing-results: one of
 * - `{ fileId }` — a results file registered by ingest-receive, to check, load and answer with a protocol;
 * - `{ recompute }` — the target figures of one SMO in one region batch, recomputed from current data;
 * - `{ report }` — an XLSX target report to write to the outbox.
 */
export const InformingResultsMessage = z.union([
  z.object({ fileId: z.string().min(1) }).strict(),
  z.object({ recompute: SmoBatch }).strict(),
  z.object({ report: z.object({ campaignId: z.string().min(1), reportId: z.string().min(1), scope: Scope }) }).strict(),
]);
export type InformingResultsMessage = z.infer<typeof InformingResultsMessage>;
