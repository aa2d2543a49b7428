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

/**
 * Largest JSON body: Lambda's own request limit (6 MB). The largest legitimate bodies — a day of
 * hospitalization data (≤ 10,000 records, ~1.5 MB) and informing results (≤ 5,000 rows, ~0.5 MB) —
 * stay well below it.
 */
export const MAX_JSON_BYTES = 6 * 1024 * 1024;
const JSON_MEDIA_TYPE = /^application\/json\s*(;|$)/i;

/** The body of a request: JSON only, within MAX_JSON_BYTES, parsed. */
function parseBody(event: APIGatewayProxyEventV2WithJWTAuthorizer): unknown {
  if (!event.body) return undefined;
  const contentType = headerOf(event, 'content-type') ?? '';
  if (!JSON_MEDIA_TYPE.test(contentType)) {
    const got = contentType ? `получено «${contentType.slice(0, 100)}»` : 'заголовок не передан';
    throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', `Тело запроса принимается только в формате JSON с заголовком Content-Type: application/json (${got}).`);
  }
  const bytes = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
  if (bytes.length > MAX_JSON_BYTES) {
    throw new ApiError(413, 'PAYLOAD_TOO_LARGE', `Тело запроса — больше ${MAX_JSON_BYTES / 1024 / 1024} МБ (${megabytes(bytes.length)} МБ). Большие данные передайте файлом через ссылку на загрузку.`);
  }
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new ApiError(400, 'BAD_JSON', 'Тело запроса не разбирается как JSON: проверьте кавычки, запятые и скобки (управляющие символы внутри строк записываются как \\n, \\t, \\u0000).');
  }
}

/** Rounded up to 0.1, so a body just over the limit does not read as equal to it. */
const megabytes = (bytes: number): string => (Math.ceil(bytes / 1024 / 1024 / 0.1) / 10).toFixed(1).replace('.', ',');

/** API Gateway lower-cases header names in payload 2.0; a hand-made event may not. */
function headerOf(event: APIGatewayProxyEventV2WithJWTAuthorizer, name: string): string | undefined {
  const headers = event.headers ?? {};
  return headers[name] ?? Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
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
