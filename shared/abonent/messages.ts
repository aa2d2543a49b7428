import { z } from 'zod';

const Stage = {
  campaignId: z.string().min(1),
  region: z.string().regex(/^\d{2}$/),
  batch: z.enum(['12', '34']),
};

/** abonent-form: without `mo` the orchestrator plans the region's MOs and fans out one message each. */
export const FormMessage = z.object({ ...Stage, mo: z.string().regex(/^\d{6}$/).optional() });
export type FormMessage = z.infer<typeof FormMessage>;

/** abonent-return: a returned file registered by ingest-receive (its file id). */
export const ReturnMessage = z.object({ fileId: z.string().min(1) });
export type ReturnMessage = z.infer<typeof ReturnMessage>;

/** final-lists: without `mo` fans out (every MO, then the region's list); `mo: 'region'` is the region's list. */
export const FinalListMessage = z.object({ ...Stage, mo: z.union([z.string().regex(/^\d{6}$/), z.literal('region')]).optional() });
export type FinalListMessage = z.infer<typeof FinalListMessage>;
