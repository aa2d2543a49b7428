import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import { EventBridgeSchema } from '@aws-lambda-powertools/parser/schemas';
import middy from '@middy/core';
import { logger, withOwnLogger } from '../../shared/adapters/lambda/logger.js';
import { redriveStuckFiles } from '../../shared/services/ingest/watchdog.js';

/** Scheduled: re-drive files stuck between ingest phases. */
export const handler = withOwnLogger(
  middy()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(parser({ schema: EventBridgeSchema }))
    .handler(async (event) => redriveStuckFiles(new Date(event.time))),
);
