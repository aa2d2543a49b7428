import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { errorResult, toApiRequest, toHttpResult } from '../../shared/adapters/lambda/http-api.js';
import { logger } from '../../shared/adapters/lambda/logger.js';
import { ApiError } from '../../shared/services/api/http.js';
import { ROUTES } from '../../shared/services/api/routes.js';

/** HTTP API: API Gateway has verified the token; routes check organization and region. */
export const handler = middy<APIGatewayProxyEventV2WithJWTAuthorizer>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event: APIGatewayProxyEventV2WithJWTAuthorizer) => {
    try {
      const route = ROUTES[event.routeKey];
      if (!route) throw new ApiError(404, 'NOT_FOUND', `Маршрут ${event.routeKey} не найден.`);
      return toHttpResult(await route(toApiRequest(event)));
    } catch (error) {
      return errorResult(error);
    }
  });
