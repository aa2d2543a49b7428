import { sqsBatchHandler } from '../../shared/adapters/lambda/sqs-batch.js';
import { withHeartbeat } from '../../shared/services/ingest/heartbeat.js';
import { loadChunk } from '../../shared/services/ingest/load-chunk.js';

/** One validated chunk → its valid rows into the registry (beating for its file meanwhile, for the watchdog). */
export const handler = sqsBatchHandler('ingest-load', (message) => withHeartbeat(message.fileId, () => loadChunk(message)));
