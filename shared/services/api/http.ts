import { z } from 'zod';
import type { Principal } from '../../access/model.js';
import { ruErrors } from '../../validation/ru-errors.js';

/** What a route handler sees of a request, independent of API Gateway's event shape. */
export interface ApiRequest {
  routeKey: string;
  pathParameters: Record<string, string>;
  query: Record<string, string>;
  /** Parsed JSON body, when there is one. */
  body?: unknown;
  /** Who the verified token says the caller is (ЕСИА: subject and СНИЛС); absent on public routes. */
  identity?: { sub: string; snils?: string };
  /** The registered user behind the subject, resolved by the access check. */
  principal?: Principal;
  requestId: string;
}

export interface ApiResponse {
  statusCode: number;
  body: unknown;
}

/** An error a user can act on: HTTP status, stable code, Russian message. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export type RouteHandler = (request: ApiRequest) => Promise<ApiResponse>;

export const ok = (body: unknown): ApiResponse => ({ statusCode: 200, body });
export const created = (body: unknown): ApiResponse => ({ statusCode: 201, body });

/** The principal of a route that has passed the access check (every non-public route has). */
export function principalOf(request: ApiRequest): Principal {
  if (!request.principal) throw new ApiError(401, 'UNAUTHENTICATED', 'Требуется вход: передайте токен доступа в заголовке Authorization.');
  return request.principal;
}

/** Validates a JSON body; the first problem becomes a 400 naming the field, in Russian. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body ?? {}, { error: ruErrors });
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const where = issue.path.length ? `Поле ${issue.path.map(String).join('.')}` : 'Тело запроса';
  throw new ApiError(400, 'BAD_REQUEST', `${where}: ${issue.message}`);
}
