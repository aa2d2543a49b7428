import { attemptOf, sqsBatchHandler } from '../../shared/adapters/lambda/sqs-batch.js';
import { processReturn, rejectReturn } from '../../shared/services/abonent/returns.js';
import { withVerdict } from '../../shared/services/ingest/verdicts.js';

/** A filled «абонентский пункт» returned by an MO → ФЛК protocol and registry entries. */
export const handler = sqsBatchHandler('abonent-returns', (message, record) => withVerdict(message.fileId, attemptOf(record), rejectReturn, () => processReturn(message.fileId)));
