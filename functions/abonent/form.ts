import { sqsBatchHandler } from '../../shared/adapters/lambda/sqs-batch.js';
import { formFiles } from '../../shared/services/abonent/forming.js';

/** A region's batch (fan-out to its MOs) or one MO → its «абонентский пункт» in the outbox. */
export const handler = sqsBatchHandler('abonent-form', (message) => formFiles(message));
