import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { handler } from '../../functions/api/handler.js';

/** An HTTP API (payload 2.0) event of a route, as API Gateway sends it after the JWT authorizer; a body goes as JSON. */
export function apiEvent(
  routeKey: string,
  pathParameters: Record<string, string> = {},
  claims?: Record<string, string>,
  opts: { query?: Record<string, string>; body?: unknown; requestId?: string } = {},
) {
  return {
    version: '2.0',
    routeKey,
    rawPath: routeKey.split(' ')[1],
    pathParameters,
    queryStringParameters: opts.query ?? {},
    headers: opts.body === undefined ? {} : { 'content-type': 'application/json' },
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    isBase64Encoded: false,
    requestContext: { requestId: opts.requestId ?? 'req-1', authorizer: claims ? { jwt: { claims, scopes: [] } } : undefined },
  } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
}

const context = { functionName: 'api', awsRequestId: 'r', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;

/** Runs the API handler in-process; the body parsed. */
export async function callApi(e: APIGatewayProxyEventV2WithJWTAuthorizer): Promise<{ status: number; body: any }> {
  const result = (await handler(e, context)) as APIGatewayProxyStructuredResultV2;
  return { status: result.statusCode!, body: JSON.parse(result.body as string) };
}
