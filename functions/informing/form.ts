import { sqsBatchHandler } from '../../shared/adapters/lambda/sqs-batch.js';
import { formInforming } from '../../shared/services/informing/forming.js';

/** A region's batch (fan-out to its registered SMOs) or one SMO → its informing file's next version. */
export const handler = sqsBatchHandler('informing-form', (message) => formInforming(message));
