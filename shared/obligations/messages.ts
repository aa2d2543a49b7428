import { z } from 'zod';

const Region = z.string().regex(/^\d{2}$/);

/** obligations-plan: plan one region's obligations from a campaign's schedule version. */
export const PlanMessage = z.object({ campaignId: z.string().min(1), region: Region, version: z.number().int().min(1) });

/** obligations-evaluate: evaluate one region (or FOMS's federal duties, `FOMS`) at the tick's instant. */
export const EvaluateMessage = z.object({ region: z.union([Region, z.literal('FOMS')]), at: z.string().datetime() });

/** notifications: one message to one organization (see shared/obligations/model.ts). */
export const NotificationMessage = z.object({
  id: z.string().min(1),
  kind: z.enum(['violation', 'escalation']),
  to: z.string().min(1),
  at: z.string().datetime(),
  region: z.string(),
  obligationId: z.string().min(1),
  subject: z.string(),
  text: z.string(),
});
