import { z } from 'zod';

/** hospitalization-files: an MO's submission file registered by ingest-receive, to check and store. */
export const HospitalizationFileMessage = z.object({ fileId: z.string().min(1) }).strict();
export type HospitalizationFileMessage = z.infer<typeof HospitalizationFileMessage>;
