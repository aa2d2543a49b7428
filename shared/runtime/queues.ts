import type { z } from 'zod';
import { FinalListMessage, FormMessage, ReturnMessage } from '../abonent/messages.js';
import { S3NotificationBody } from '../adapters/lambda/s3-events.js';
import { HospitalizationFileMessage } from '../hospitalization/messages.js';
import { InformingFormMessage } from '../informing/form-message.js';
import { InformingResultsMessage } from '../informing/result-messages.js';
import { ChunkMessage, FinalizeMessage, LoadMessage, RecomputeMessage } from '../ingest/messages.js';
import { EvaluateMessage, NotificationMessage, PlanMessage } from '../obligations/messages.js';
import { MAX_RECEIVES, type QueueDecl } from './declarations.js';

/**
 * Every queue of the system. Each one gets a DLQ `<id>-dlq` with redrive back to the source.
 * Visibility timeouts are six times the consumer's timeout (AWS guidance for Lambda sources).
 */
export const QUEUES = [
  {
    id: 'inbox-events',
    schema: S3NotificationBody,
    visibilityTimeoutSeconds: 1800,
    maxReceiveCount: MAX_RECEIVES,
    description: 'S3 ObjectCreated notifications of the inbox bucket',
  },
  {
    id: 'ingest-chunks',
    schema: ChunkMessage,
    visibilityTimeoutSeconds: 5400,
    maxReceiveCount: MAX_RECEIVES,
    description: 'One message per byte range of a received file to validate (ФЛК)',
  },
  {
    id: 'ingest-finalize',
    schema: FinalizeMessage,
    visibilityTimeoutSeconds: 5400,
    maxReceiveCount: MAX_RECEIVES,
    description: 'A received file whose chunks are all validated: cross-chunk checks, protocol, status',
  },
  {
    id: 'ingest-load',
    schema: LoadMessage,
    visibilityTimeoutSeconds: 5400,
    maxReceiveCount: MAX_RECEIVES,
    description: 'One message per validated chunk to load into the registry',
  },
  {
    id: 'groups-recompute',
    schema: RecomputeMessage,
    visibilityTimeoutSeconds: 5400,
    maxReceiveCount: MAX_RECEIVES,
    description: 'Recompute priority groups of a region (fans out to one message per shard)',
  },
  {
    id: 'abonent-form',
    schema: FormMessage,
    visibilityTimeoutSeconds: 5400,
    maxReceiveCount: MAX_RECEIVES,
    description: 'Form the «абонентский пункт» files of a region batch (fans out to one message per MO)',
  },
  {
    id: 'abonent-returns',
    schema: ReturnMessage,
    visibilityTimeoutSeconds: 5400,
    maxReceiveCount: MAX_RECEIVES,
    description: 'A filled «абонентский пункт» returned by an MO, to check and load',
  },
  {
    id: 'final-lists',
    schema: FinalListMessage,
    visibilityTimeoutSeconds: 5400,
    maxReceiveCount: MAX_RECEIVES,
    description: 'Final lists of an approved registry (fans out to one message per MO and one for the region)',
  },
  {
    id: 'obligations-plan',
    schema: PlanMessage,
    visibilityTimeoutSeconds: 1800,
    maxReceiveCount: MAX_RECEIVES,
    description: 'One message per region: plan its obligations from a campaign schedule version',
  },
  {
    id: 'obligations-evaluate',
    schema: EvaluateMessage,
    visibilityTimeoutSeconds: 1800,
    maxReceiveCount: MAX_RECEIVES,
    description: 'One message per region and tick: evaluate its obligations on its own clock',
  },
  {
    id: 'notifications',
    schema: NotificationMessage,
    visibilityTimeoutSeconds: 360,
    maxReceiveCount: MAX_RECEIVES,
    description: 'One message per notification of a violation or an escalation',
  },
  {
    id: 'informing-form',
    schema: InformingFormMessage,
    visibilityTimeoutSeconds: 5400,
    maxReceiveCount: MAX_RECEIVES,
    description: 'Form the informing files of a region batch (fans out to one message per registered SMO)',
  },
  {
    id: 'informing-results',
    schema: InformingResultsMessage,
    visibilityTimeoutSeconds: 5400,
    maxReceiveCount: MAX_RECEIVES,
    description: 'SMO informing results: a received file to check and load, target figures of an SMO batch to recompute, an XLSX target report to write',
  },
  {
    id: 'hospitalization-files',
    schema: HospitalizationFileMessage,
    visibilityTimeoutSeconds: 720,
    maxReceiveCount: MAX_RECEIVES,
    description: 'An MO’s daily planned-hospitalization file (DOMAIN.md §4) to check, store and answer with a ФЛК protocol',
  },
] as const satisfies readonly QueueDecl[];

export type QueueId = (typeof QUEUES)[number]['id'];

type SchemaOf<Q extends QueueId> = Extract<(typeof QUEUES)[number], { id: Q }>['schema'];

/**
 * What may be sent to queue `Q`: its schema's input. A body meant for one of several queues (a union
 * `Q`) must fit every one of them, so the union of bodies is folded into their intersection.
 */
export type QueueBody<Q extends QueueId> = (Q extends QueueId ? (body: z.input<SchemaOf<Q>>) => void : never) extends (body: infer B) => void ? B : never;

/** What the consumer of queue `Q` receives: its schema's output. */
export type QueueMessage<Q extends QueueId> = z.output<SchemaOf<Q>>;

/** The body schema of a queue, for its consumer (shared/adapters/lambda/sqs-batch.ts). */
export function queueSchema<Q extends QueueId>(queue: Q): SchemaOf<Q> {
  const decl = QUEUES.find((q) => q.id === queue);
  if (!decl) throw new Error(`Queue "${queue}" is not declared in QUEUES (shared/runtime/queues.ts)`);
  return decl.schema as SchemaOf<Q>;
}
