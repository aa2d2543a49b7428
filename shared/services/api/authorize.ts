import type { Principal } from '../../access/model.js';
import { decide, type Target } from '../../access/rules.js';
import type { HttpRoute } from '../../runtime/declarations.js';
import { supportText } from '../../access/support.js';
import { normalizeSnils } from '../../identifiers/snils.js';
import { ApiError, type ApiRequest } from './http.js';

/** The target of a request, named by its path parameters (see HttpRoute.path). */
export function targetOf(request: Pick<ApiRequest, 'pathParameters'>): Target {
  const { region, org, kind } = request.pathParameters;
  return { region, org, authority: kind };
}

/**
 * The one access check of every route: resolves the token's subject to a registered user and
 * applies the route's declared rule to the request's target. Throws an ApiError in Russian that
 * says what is missing and whom to ask.
 */
export async function authorize(
  request: ApiRequest,
  route: HttpRoute,
  loadPrincipal: (snils: string) => Promise<Principal | undefined>,
): Promise<ApiRequest> {
  if (route.access.public) return request;
  if (!request.identity) throw new ApiError(401, 'UNAUTHENTICATED', 'Требуется вход: передайте токен доступа в заголовке Authorization.');
  // Users are registered by СНИЛС (seed 003: registration after identification in ЕСИА).
  const snils = request.identity.snils ? normalizeSnils(request.identity.snils) : undefined;
  if (!snils) throw new ApiError(403, 'NO_SNILS', `В токене нет СНИЛС пользователя: войдите через ЕСИА с подтверждённой учётной записью. ${supportText()}`);
  const principal = await loadPrincipal(snils);
  const decision = decide(principal, route.access, targetOf(request));
  if (!decision.allow) throw new ApiError(decision.status, decision.code, `${decision.message} ${supportText()}`);
  return { ...request, principal };
}
