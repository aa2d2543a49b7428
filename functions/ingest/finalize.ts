import { attemptOf, sqsBatchHandler } from '../../shared/adapters/lambda/sqs-batch.js';
import { finalizeFile } from '../../shared/services/ingest/finalize.js';
import { rejectStageOneFile, withVerdict } from '../../shared/services/ingest/verdicts.js';

/** A fully validated file → duplicates across chunks, status, ФЛК protocol, loading. */
export const handler = sqsBatchHandler('ingest-finalize', (message, record) => withVerdict(message.fileId, attemptOf(record), rejectStageOneFile, () => finalizeFile(message)));
