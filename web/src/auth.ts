/**
 * Sign-in with the OIDC authorization-code flow and PKCE (S256), as with ЕСИА: the console is a
 * public client, so it proves with a one-time code verifier that it started the request itself.
 * The access token lives in sessionStorage (this tab only) and is never typed by anyone.
 */

interface ConsoleConfig {
  issuer: string;
  clientId: string;
  scope: string;
}

interface Discovery {
  authorization_endpoint: string;
  token_endpoint: string;
}

interface Pending {
  state: string;
  verifier: string;
  returnTo: string;
}

export interface Session {
  accessToken: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

const SESSION = 'omsflow.session';
const PENDING = 'omsflow.pending-sign-in';
const SIGNED_OUT = 'omsflow.signed-out';
export const CALLBACK_PATH = '/callback';

const base64url = (bytes: ArrayBuffer | Uint8Array) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

const randomString = (bytes = 32) => base64url(crypto.getRandomValues(new Uint8Array(bytes)));

async function challengeOf(verifier: string): Promise<string> {
  return base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`Сервер входа недоступен (${url}: ${res.status}).`);
  return (await res.json()) as T;
}

async function provider(): Promise<{ config: ConsoleConfig; discovery: Discovery }> {
  const config = await getJson<ConsoleConfig>('/console-config.json');
  const discovery = await getJson<Discovery>(`${config.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
  return { config, discovery };
}

const redirectUri = () => `${window.location.origin}${CALLBACK_PATH}`;
const here = () => window.location.pathname + window.location.search;

export function currentSession(now = Date.now()): Session | undefined {
  const raw = sessionStorage.getItem(SESSION);
  if (!raw) return undefined;
  const session = JSON.parse(raw) as Session;
  return session.expiresAt > now ? session : undefined;
}

export const signedOut = () => sessionStorage.getItem(SIGNED_OUT) === '1';

/** Leaves for the issuer's sign-in page; after it the user comes back to `returnTo`. */
export async function signIn(returnTo: string = here()): Promise<never> {
  const { config, discovery } = await provider();
  const pending: Pending = { state: randomString(16), verifier: randomString(32), returnTo: returnTo.startsWith(CALLBACK_PATH) ? '/' : returnTo };
  sessionStorage.setItem(PENDING, JSON.stringify(pending));
  sessionStorage.removeItem(SIGNED_OUT);
  const url = new URL(discovery.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: redirectUri(),
    scope: config.scope,
    state: pending.state,
    code_challenge: await challengeOf(pending.verifier),
    code_challenge_method: 'S256',
  }).toString();
  window.location.assign(url.toString());
  return new Promise<never>(() => undefined);
}

/** The issuer sent the user back with a code: exchange it, then return where sign-in started. */
export async function completeSignIn(): Promise<string> {
  const params = new URLSearchParams(window.location.search);
  const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? 'null') as Pending | null;
  sessionStorage.removeItem(PENDING);
  if (params.get('error')) throw new Error(`Вход отклонён: ${params.get('error_description') ?? params.get('error')}`);
  if (!pending || params.get('state') !== pending.state) throw new Error('Ответ сервера входа не относится к этому окну (не совпадает state). Войдите снова.');
  const { config, discovery } = await provider();
  const res = await fetch(discovery.token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: params.get('code') ?? '',
      redirect_uri: redirectUri(),
      client_id: config.clientId,
      code_verifier: pending.verifier,
    }),
  });
  const body = (await res.json()) as { access_token?: string; expires_in?: number; error_description?: string };
  if (!res.ok || !body.access_token) throw new Error(body.error_description ?? `Не удалось получить токен доступа (${res.status}).`);
  const session: Session = { accessToken: body.access_token, expiresAt: Date.now() + (body.expires_in ?? 300) * 1000 };
  sessionStorage.setItem(SESSION, JSON.stringify(session));
  return pending.returnTo;
}

export function signOut(): void {
  sessionStorage.removeItem(SESSION);
  sessionStorage.setItem(SIGNED_OUT, '1');
}
