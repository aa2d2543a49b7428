import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import { EventBridgeSchema } from '@aws-lambda-powertools/parser/schemas';
import middy from '@middy/core';
import { logger, withOwnLogger } from '../../shared/adapters/lambda/logger.js';
import { tickStages } from '../../shared/services/abonent/clock.js';

/** Scheduled hourly: starts forming and forms registries on each region's own calendar day. */
export const handler = withOwnLogger(
  middy()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(parser({ schema: EventBridgeSchema }))
    .handler(async (event) => ({ actions: await tickStages(new Date(event.time)) })),
);
