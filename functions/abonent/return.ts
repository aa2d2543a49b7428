import { sqsBatchHandler } from '../../shared/adapters/lambda/sqs-batch.js';
import { ReturnMessage } from '../../shared/abonent/messages.js';
import { processReturn } from '../../shared/services/abonent/returns.js';

/** A filled «абонентский пункт» returned by an MO → ФЛК protocol and registry entries. */
export const handler = sqsBatchHandler(ReturnMessage, async (message) => {
  await processReturn(message.fileId);
});
