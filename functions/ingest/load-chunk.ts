import { sqsBatchHandler } from '../../shared/adapters/lambda/sqs-batch.js';
import { loadChunk } from '../../shared/services/ingest/load-chunk.js';

/** One validated chunk → its valid rows into the registry. */
export const handler = sqsBatchHandler('ingest-load', (message) => loadChunk(message));
