import { sqsBatchHandler } from '../../shared/adapters/lambda/sqs-batch.js';
import { PlanMessage } from '../../shared/obligations/messages.js';
import { planRegion } from '../../shared/services/obligations/plan.js';

/** One region's obligations from a campaign schedule: created, moved or cancelled. */
export const handler = sqsBatchHandler(PlanMessage, (message) => planRegion(message));
