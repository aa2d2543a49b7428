import { sqsBatchHandler } from '../../shared/adapters/lambda/sqs-batch.js';
import { logger } from '../../shared/adapters/lambda/logger.js';
import { evaluateRegionAt } from '../../shared/services/obligations/clock.js';

/** One region at one instant: daily duties planned, obligations evaluated, violations notified. */
export const handler = sqsBatchHandler('obligations-evaluate', async (message) => {
  const result = await evaluateRegionAt(message);
  if (result.violations || result.escalations || result.met || result.metLate) logger.info('obligations evaluated', { ...result });
});
