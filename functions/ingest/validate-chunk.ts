import { sqsBatchHandler } from '../../shared/adapters/lambda/sqs-batch.js';
import { ChunkMessage } from '../../shared/ingest/messages.js';
import { validateChunk } from '../../shared/services/ingest/validate-chunk.js';

/** One byte range of a received file → ФЛК of its rows. */
export const handler = sqsBatchHandler(ChunkMessage, (message) => validateChunk(message));
