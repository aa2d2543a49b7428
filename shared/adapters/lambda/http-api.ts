import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ApiError, type ApiRequest, type ApiResponse, type Caller } from '../../services/api/http.js';
import { logger } from './logger.js';

/** API Gateway HTTP API (payload 2.0) event → the request a route sees. */
export function toApiRequest(event: APIGatewayProxyEventV2WithJWTAuthorizer): ApiRequest {
  const claims = event.requestContext.authorizer?.jwt?.claims;
  const caller: Caller | undefined = claims?.sub
    ? {
        sub: String(claims.sub),
        org: String(claims.org ?? ''),
        authority: claims.authority === undefined ? undefined : String(claims.authority),
        role: claims.role === undefined ? undefined : String(claims.role),
      }
    : undefined;
  return {
    routeKey: event.routeKey,
    pathParameters: (event.pathParameters ?? {}) as Record<string, string>,
    query: (event.queryStringParameters ?? {}) as Record<string, string>,
    caller,
    requestId: event.requestContext.requestId,
  };
}

export function toHttpResult(response: ApiResponse): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: response.statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
    body: JSON.stringify(response.body),
  };
}

/** Known errors keep their status and Russian message; anything else is a 500 without details. */
export function errorResult(error: unknown): APIGatewayProxyStructuredResultV2 {
  if (error instanceof ApiError) {
    return toHttpResult({ statusCode: error.statusCode, body: { error: { code: error.code, message: error.message } } });
  }
  logger.error('Unhandled API error', error as Error);
  return toHttpResult({
    statusCode: 500,
    body: { error: { code: 'INTERNAL', message: 'Внутренняя ошибка сервиса. Повторите запрос позже или обратитесь в поддержку.' } },
  });
}
