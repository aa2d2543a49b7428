import { sqsBatchHandler } from '../../shared/adapters/lambda/sqs-batch.js';
import { planRegion } from '../../shared/services/obligations/plan.js';

/** One region's obligations from a campaign schedule: created, moved or cancelled. */
export const handler = sqsBatchHandler('obligations-plan', (message) => planRegion(message));
