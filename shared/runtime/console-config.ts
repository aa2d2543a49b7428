/**
 * What the web console reads at start (`/console-config.json` next to it): the OIDC issuer it
 * signs in with and its client id. Locally: the built-in issuer; in AWS: the provider from CDK
 * context (`oidcIssuer`, `consoleClientId`). The console finds the authorization and token
 * endpoints in the issuer's discovery document.
 */
export interface ConsoleConfig {
  issuer: string;
  clientId: string;
  scope: string;
}

export const CONSOLE_CLIENT_ID = 'omsflow-console';
export const CONSOLE_CALLBACK_PATH = '/callback';

export function consoleConfig(issuer: string, clientId: string = CONSOLE_CLIENT_ID): ConsoleConfig {
  return { issuer, clientId, scope: 'openid' };
}

/**
 * The console's Content-Security-Policy, the same locally and in CloudFront. antd writes its
 * styles at run time (CSS-in-JS): inline styles must be allowed, scripts not. `connect` adds the
 * origins the console calls besides its own (the OIDC issuer's discovery and token endpoints).
 */
export function consoleCsp(connect: readonly string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    ["connect-src 'self'", ...connect].join(' '),
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join('; ');
}
