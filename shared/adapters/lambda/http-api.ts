import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ApiError, type ApiRequest, type ApiResponse } from '../../services/api/http.js';
import { logger } from './logger.js';

/**
 * API Gateway HTTP API (payload 2.0) event → the request a route sees. The token is verified by
 * the JWT authorizer before the handler runs; only its subject is used (who the person is).
 */
export function toApiRequest(event: APIGatewayProxyEventV2WithJWTAuthorizer): ApiRequest {
  const claims = event.requestContext.authorizer?.jwt?.claims;
  return {
    routeKey: event.routeKey,
    pathParameters: (event.pathParameters ?? {}) as Record<string, string>,
    query: (event.queryStringParameters ?? {}) as Record<string, string>,
    body: parseBody(event),
    identity: claims?.sub === undefined ? undefined : { sub: String(claims.sub), snils: claims.snils === undefined ? undefined : String(claims.snils) },
    requestId: event.requestContext.requestId,
  };
}

function parseBody(event: APIGatewayProxyEventV2WithJWTAuthorizer): unknown {
  if (!event.body) return undefined;
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, 'BAD_JSON', 'Тело запроса должно быть JSON-объектом.');
  }
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
