import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { errorResult, toApiRequest, toHttpResult } from '../../shared/adapters/lambda/http-api.js';
import { logger, withOwnLogger } from '../../shared/adapters/lambda/logger.js';
import { loadPrincipal } from '../../shared/adapters/store/users.js';
import { authorize } from '../../shared/services/api/authorize.js';
import { ApiError } from '../../shared/services/api/http.js';
import { checkPathParameters } from '../../shared/services/api/params.js';
import { routeFor } from '../../shared/services/api/routes.js';

/** HTTP API: API Gateway has verified the token; every route passes its declared access rule. */
export const handler = withOwnLogger(
  middy<APIGatewayProxyEventV2WithJWTAuthorizer>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (event) => {
      try {
        const route = routeFor(event.routeKey);
        if (!route) throw new ApiError(404, 'NOT_FOUND', `Маршрут ${event.routeKey} не найден.`);
        const parsed = toApiRequest(event);
        checkPathParameters(route.declaration, parsed.pathParameters);
        const request = await authorize(parsed, route.declaration, loadPrincipal);
        return toHttpResult(await route.handle(request));
      } catch (error) {
        return errorResult(error);
      }
    }),
);
