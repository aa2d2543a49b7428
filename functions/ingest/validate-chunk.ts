import { attemptOf, sqsBatchHandler } from '../../shared/adapters/lambda/sqs-batch.js';
import { validateChunk } from '../../shared/services/ingest/validate-chunk.js';
import { rejectStageOneFile, withVerdict } from '../../shared/services/ingest/verdicts.js';

/** One byte range of a received file → ФЛК of its rows (a chunk that can never be read rejects the file). */
export const handler = sqsBatchHandler('ingest-chunks', (message, record) => withVerdict(message.fileId, attemptOf(record), rejectStageOneFile, () => validateChunk(message)));
