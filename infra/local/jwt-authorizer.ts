import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';

/**
 * What API Gateway's JWT authorizer does before a route with auth `jwt` reaches the Lambda:
 * bearer token, signature against the issuer's JWKS (RS256 only), `iss`, `aud`, `exp`/`nbf`.
 * Claims reach the handler flattened to strings, as API Gateway passes them.
 */

export interface VerifiedCaller {
  claims: Record<string, string>;
  scopes: string[] | null;
}

export type JwtAuthorizer = (authorization: string | undefined) => Promise<VerifiedCaller | undefined>;

export function createJwtAuthorizer(opts: { issuer: string; audience: string; jwksUrl: string }): JwtAuthorizer {
  const keys = createRemoteJWKSet(new URL(opts.jwksUrl), { cooldownDuration: 1000 });
  return async (authorization) => {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? '');
    if (!match) return undefined;
    try {
      const { payload } = await jwtVerify(match[1]!, keys, {
        issuer: opts.issuer,
        audience: opts.audience,
        algorithms: ['RS256'],
        requiredClaims: ['exp'],
        clockTolerance: 0,
      });
      return { claims: flattenClaims(payload), scopes: scopesOf(payload) };
    } catch {
      return undefined;
    }
  };
}

/** API Gateway turns every claim into a string; arrays become `[a b]`. */
export function flattenClaims(payload: JWTPayload): Record<string, string> {
  const claims: Record<string, string> = {};
  for (const [name, value] of Object.entries(payload)) {
    if (value === undefined || value === null) continue;
    if (typeof value === 'string') claims[name] = value;
    else if (Array.isArray(value)) claims[name] = `[${value.map(String).join(' ')}]`;
    else if (typeof value === 'object') claims[name] = JSON.stringify(value);
    else claims[name] = String(value);
  }
  return claims;
}

function scopesOf(payload: JWTPayload): string[] | null {
  const scope = payload.scope ?? payload.scp;
  if (typeof scope === 'string' && scope.trim()) return scope.trim().split(/\s+/);
  if (Array.isArray(scope)) return scope.map(String);
  return null;
}
