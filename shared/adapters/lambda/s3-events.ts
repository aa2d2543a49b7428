import { S3Schema } from '@aws-lambda-powertools/parser/schemas';
import { z } from 'zod';

/** S3 sends one `s3:TestEvent` when a notification is configured: recognised and ignored. */
const S3TestEvent = z.object({ Service: z.literal('Amazon S3'), Event: z.literal('s3:TestEvent') });

export const S3NotificationBody = z.union([S3Schema, S3TestEvent]);
export type S3NotificationBody = z.infer<typeof S3NotificationBody>;
