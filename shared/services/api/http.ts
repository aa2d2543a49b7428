/** What a route handler sees of a request, independent of API Gateway's event shape. */
export interface Caller {
  /** Subject of the token (the person). */
  sub: string;
  /** `FOMS`, a region code (TFOMS), an MO code (6 digits) or an SMO code (5 digits). */
  org: string;
  authority?: string;
  role?: string;
}

export interface ApiRequest {
  routeKey: string;
  pathParameters: Record<string, string>;
  query: Record<string, string>;
  caller?: Caller;
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

export const ok = (body: unknown): ApiResponse => ({ statusCode: 200, body });

export function requireCaller(request: ApiRequest): Caller {
  if (!request.caller) throw new ApiError(401, 'UNAUTHENTICATED', 'Требуется вход: передайте токен доступа в заголовке Authorization.');
  return request.caller;
}

/**
 * Region scope of the spine: FOMS sees every region, a TFOMS only its own. Finer rules (MO, SMO,
 * roles and authorities) come with the access model.
 */
export function requireRegionAccess(caller: Caller, region: string): void {
  if (caller.org === 'FOMS' || caller.org === region) return;
  throw new ApiError(
    403,
    'FORBIDDEN_REGION',
    `Нет доступа к данным региона ${region}: организация ${caller.org} видит только свой регион. Обратитесь в ТФОМС своего региона.`,
  );
}
