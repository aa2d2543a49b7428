import { z } from 'zod';

/**
 * informing-form: one forming run of a region's batch (`run` = the instant it was asked for, which
 * orders runs). Without `smo` the orchestrator plans the region's registered SMOs and fans out one
 * message per SMO; with `smo` a worker writes that SMO's next version.
 */
export const InformingFormMessage = z.object({
  campaignId: z.string().min(1),
  region: z.string().regex(/^\d{2}$/),
  batch: z.enum(['12', '34']),
  run: z.iso.datetime(),
  trigger: z.enum(['approve', 'command']).optional(),
  /** СНИЛС of the user (or `schedule`) and organization that asked. */
  by: z.string().optional(),
  org: z.string().optional(),
  smo: z.string().regex(/^\d{5}$/).optional(),
});
export type InformingFormMessage = z.infer<typeof InformingFormMessage>;
