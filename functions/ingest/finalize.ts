import { sqsBatchHandler } from '../../shared/adapters/lambda/sqs-batch.js';
import { FinalizeMessage } from '../../shared/ingest/messages.js';
import { finalizeFile } from '../../shared/services/ingest/finalize.js';

/** A fully validated file → duplicates across chunks, status, ФЛК protocol, loading. */
export const handler = sqsBatchHandler(FinalizeMessage, (message) => finalizeFile(message));
