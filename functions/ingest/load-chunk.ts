import { sqsBatchHandler } from '../../shared/adapters/lambda/sqs-batch.js';
import { LoadMessage } from '../../shared/ingest/messages.js';
import { loadChunk } from '../../shared/services/ingest/load-chunk.js';

/** One validated chunk → its valid rows into the registry. */
export const handler = sqsBatchHandler(LoadMessage, (message) => loadChunk(message));
