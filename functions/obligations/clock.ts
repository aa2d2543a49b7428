import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import { EventBridgeSchema } from '@aws-lambda-powertools/parser/schemas';
import middy from '@middy/core';
import { logger, withOwnLogger } from '../../shared/adapters/lambda/logger.js';
import { tickObligations } from '../../shared/services/obligations/clock.js';

/** Every 15 minutes: one evaluation message per region, each evaluated on its own clock. */
export const handler = withOwnLogger(
  middy()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(parser({ schema: EventBridgeSchema }))
    .handler(async (event) => ({ regions: await tickObligations(new Date(event.time)) })),
);
