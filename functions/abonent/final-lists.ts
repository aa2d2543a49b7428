import { sqsBatchHandler } from '../../shared/adapters/lambda/sqs-batch.js';
import { buildFinalLists } from '../../shared/services/abonent/final-lists.js';

/** An approved registry → final lists per MO and per region. */
export const handler = sqsBatchHandler('final-lists', (message) => buildFinalLists(message));
