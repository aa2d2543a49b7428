import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogin, s256 } from '../../infra/local/oidc-login.js';
import { CONSOLE_CLIENT_ID } from '../../shared/runtime/console-config.js';
import { startTestStack, type TestStack } from '../support/stack.js';

/**
 * The local issuer's sign-in for the web console: authorization code + PKCE (S256). Misuse — a
 * wrong verifier, a reused or expired code, a foreign redirect URI or client — is refused with a
 * Russian message; the token it hands out is accepted by the API like any other.
 */

let t: TestStack;
let base: string;
const callback = () => `${base}/callback`;

function authorizeParams(challenge: string, overrides: Record<string, string> = {}) {
  return new URLSearchParams({
    response_type: 'code',
    client_id: CONSOLE_CLIENT_ID,
    redirect_uri: callback(),
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state: 'st-1',
    ...overrides,
  });
}

/** Chooses a demo user on the issuer page; returns the code handed to the console. */
async function codeFor(user: string, verifier: string): Promise<string> {
  const form = authorizeParams(s256(verifier));
  form.set('user', user);
  const res = await fetch(`${base}/authorize`, { method: 'POST', body: form, redirect: 'manual' });
  expect(res.status).toBe(303);
  const location = new URL(res.headers.get('location')!);
  expect(`${location.origin}${location.pathname}`).toBe(callback());
  expect(location.searchParams.get('state')).toBe('st-1');
  return location.searchParams.get('code')!;
}

async function exchange(fields: Record<string, string>) {
  const res = await fetch(`${base}/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: CONSOLE_CLIENT_ID, redirect_uri: callback(), ...fields }),
  });
  return { status: res.status, body: (await res.json()) as { access_token?: string; expires_in?: number; error?: string; error_description?: string } };
}

const verifier = () => randomBytes(32).toString('base64url');

describe('the local issuer’s sign-in (authorization code + PKCE)', () => {
  beforeAll(async () => {
    t = await startTestStack('omsflow-oidc-');
    base = t.stack.endpoints.api.url;
  }, 60_000);
  afterAll(() => t?.stop());

  it('announces the code flow with S256 only in its discovery document', async () => {
    const discovery = await (await fetch(`${base}/.well-known/openid-configuration`)).json();
    expect(discovery).toMatchObject({ authorization_endpoint: `${base}/authorize`, token_endpoint: `${base}/token`, code_challenge_methods_supported: ['S256'] });
  });

  it('lists the demo users by region, organization and role on a Russian page', async () => {
    const res = await fetch(`${base}/authorize?${authorizeParams(s256(verifier()))}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="ru">');
    expect(html).toContain('Вход в ГИС ОМС');
    expect(html).toContain('value="390001||"'); // the head of an MO of region 39
    expect(html).toContain('value="390001|A|Ввод данных"');
    expect(html).toContain('value="39||"'); // the region's TFOMS
    expect(html).toContain('value="FOMS||"');
  });

  it('refuses a foreign redirect URI, an unknown client and a missing S256 challenge without redirecting', async () => {
    for (const [overrides, words] of [
      [{ redirect_uri: 'https://evil.example/callback' }, 'redirect_uri'],
      [{ client_id: 'someone-else' }, 'client_id'],
      [{ code_challenge_method: 'plain' }, 'S256'],
      [{ code_challenge: 'short' }, 'code_challenge'],
    ] as const) {
      const res = await fetch(`${base}/authorize?${authorizeParams(s256(verifier()), overrides)}`, { redirect: 'manual' });
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
      const html = await res.text();
      expect(html).toContain('Вход не выполнен');
      expect(html).toContain(words);
    }
  });

  it('hands out a token the API accepts for the chosen user, once per code', async () => {
    const v = verifier();
    const code = await codeFor('390001||', v);
    const token = await exchange({ code, code_verifier: v });
    expect(token.status).toBe(200);
    expect(token.body.expires_in).toBe(3600);
    const me = await fetch(`${base}/v1/me`, { headers: { authorization: `Bearer ${token.body.access_token}` } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ org: '390001', orgType: 'MO', isHead: true, region: '39', timeZone: 'Europe/Kaliningrad' });

    const again = await exchange({ code, code_verifier: v });
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({ error: 'invalid_grant' });
    expect(again.body.error_description).toContain('уже использован');
  });

  it('refuses a wrong code verifier, and the code is spent by the attempt', async () => {
    const v = verifier();
    const code = await codeFor('39||', v);
    const wrong = await exchange({ code, code_verifier: verifier() });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error_description).toContain('code_verifier не соответствует code_challenge');
    expect((await exchange({ code, code_verifier: v })).status).toBe(400);
  });

  it('refuses a code exchanged for another redirect URI or client, or with a malformed verifier', async () => {
    const v = verifier();
    const foreign = await exchange({ code: await codeFor('39||', v), code_verifier: v, redirect_uri: 'https://evil.example/callback' });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error_description).toContain('redirect_uri не совпадает');
    const client = await exchange({ code: await codeFor('39||', v), code_verifier: v, client_id: 'someone-else' });
    expect(client.body.error_description).toContain('client_id не совпадает');
    const malformed = await exchange({ code: await codeFor('39||', v), code_verifier: 'short' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error_description).toContain('от 43 до 128 символов');
    const grant = await exchange({ grant_type: 'password', code: 'x' });
    expect(grant.body).toMatchObject({ error: 'unsupported_grant_type' });
  });

  it('refuses an unknown user on the page with a Russian message', async () => {
    const form = authorizeParams(s256(verifier()));
    form.set('user', 'XYZ||');
    const res = await fetch(`${base}/authorize`, { method: 'POST', body: form, redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Организация «XYZ»');
  });
});

describe('authorization codes', () => {
  it('expire after a minute', async () => {
    let now = Date.parse('2026-06-15T09:00:00Z');
    const login = createLogin({ issuer: () => 'http://issuer.test', register: async () => undefined, mint: async () => 'jwt', now: () => now });
    const v = verifier();
    const form = new URLSearchParams({ response_type: 'code', client_id: CONSOLE_CLIENT_ID, redirect_uri: 'http://issuer.test/callback', code_challenge: s256(v), code_challenge_method: 'S256', user: 'FOMS||' });
    const redirect = await login.chooseUser(form);
    const issued = new URL(redirect.headers.location!).searchParams.get('code')!;
    now += 61_000;
    const late = await login.token(new URLSearchParams({ grant_type: 'authorization_code', code: issued, client_id: CONSOLE_CLIENT_ID, redirect_uri: 'http://issuer.test/callback', code_verifier: v }));
    expect(late.status).toBe(400);
    expect(String(late.body)).toContain('истёк');
    const fresh = new URL((await login.chooseUser(form)).headers.location!).searchParams.get('code')!;
    const inTime = await login.token(new URLSearchParams({ grant_type: 'authorization_code', code: fresh, client_id: CONSOLE_CLIENT_ID, redirect_uri: 'http://issuer.test/callback', code_verifier: v }));
    expect(inTime.status).toBe(200);
  });
});

describe('redirect URIs on a loopback issuer', () => {
  const login = createLogin({ issuer: () => 'http://127.0.0.1:4567', register: async () => undefined, mint: async () => 'jwt' });
  const choose = (redirect: string) =>
    login.chooseUser(new URLSearchParams({ response_type: 'code', client_id: CONSOLE_CLIENT_ID, redirect_uri: redirect, code_challenge: s256(verifier()), code_challenge_method: 'S256', user: 'FOMS||' }));

  it('accepts the console opened as localhost or as 127.0.0.1 on the same port, and sends the user back to the one it came from', async () => {
    for (const redirect of ['http://127.0.0.1:4567/callback', 'http://localhost:4567/callback']) {
      const answer = await choose(redirect);
      expect(answer.status).toBe(303);
      expect(answer.headers.location!.startsWith(`${redirect}?code=`)).toBe(true);
    }
  });

  it('refuses another port, path or host', async () => {
    for (const redirect of ['http://localhost:4568/callback', 'http://localhost:4567/other', 'http://evil.example:4567/callback', 'https://localhost:4567/callback']) {
      expect((await choose(redirect)).status).toBe(400);
    }
  });
});
