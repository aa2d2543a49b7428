import { createHash, randomBytes } from 'node:crypto';
import { loadReferenceData } from '../../shared/reference/load.js';
import { CONSOLE_CALLBACK_PATH, CONSOLE_CLIENT_ID } from '../../shared/runtime/console-config.js';
import { demoUser, type DemoUser, type DemoUserRequest } from './demo-users.js';
import type { LocalPage } from './http-api.js';

/**
 * The local issuer's sign-in, standing in for ЕСИА's test stand: the OIDC authorization-code flow
 * with PKCE (RFC 7636, S256 only) for the one registered public client, the web console.
 * `GET /authorize` is a Russian page listing the demo users by organization and role; choosing one
 * (`POST /authorize`) redirects to the console with a single-use code valid for a minute;
 * `POST /token` exchanges it, with the code verifier, for the same kind of JWT the API accepts.
 */

const CODE_TTL_MS = 60_000;

export interface LoginOptions {
  /** The issuer URL (known once the API port is). */
  issuer: () => string;
  /** Registers the chosen demo user in the stack's tables. */
  register: (user: DemoUser) => Promise<void>;
  /** Signs the access token of the chosen user. */
  mint: (user: DemoUser, ttlSeconds: number) => Promise<string>;
  tokenTtlSeconds?: number;
  now?: () => number;
}

type PageAnswer = LocalPage;

interface PendingCode {
  clientId: string;
  redirectUri: string;
  challenge: string;
  user: DemoUser;
  expiresAt: number;
}

const HTML_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};
const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', pragma: 'no-cache' };

const BASE64URL_43_128 = /^[A-Za-z0-9\-._~]{43,128}$/;
const base64url = (bytes: Buffer) => bytes.toString('base64url');
export const s256 = (verifier: string) => base64url(createHash('sha256').update(verifier, 'ascii').digest());

const LOOPBACK_TWIN: Record<string, string> = { localhost: '127.0.0.1', '127.0.0.1': 'localhost' };

type Checked = { ok: true; params: AuthorizeParams } | { ok: false; message: string };

interface AuthorizeParams {
  clientId: string;
  redirectUri: string;
  challenge: string;
  state: string;
}

export function createLogin(opts: LoginOptions) {
  const codes = new Map<string, PendingCode>();
  const now = opts.now ?? Date.now;
  const ttl = opts.tokenTtlSeconds ?? 3600;
  const registeredRedirect = () => `${opts.issuer()}${CONSOLE_CALLBACK_PATH}`;
  /**
   * The registered URI, and on a loopback issuer its twin under the other loopback name (same
   * scheme, port and path): the console opened as localhost or as 127.0.0.1 both sign in.
   */
  const acceptedRedirects = () => {
    const registered = new URL(registeredRedirect());
    const twin = LOOPBACK_TWIN[registered.hostname];
    if (!twin) return [registered.toString()];
    return [registered.toString(), Object.assign(new URL(registered), { hostname: twin }).toString()];
  };

  /** The request's client, redirect URI and PKCE challenge; nothing is redirected to an unchecked URI. */
  function check(p: URLSearchParams): Checked {
    const clientId = p.get('client_id') ?? '';
    const redirectUri = p.get('redirect_uri') ?? '';
    if (clientId !== CONSOLE_CLIENT_ID) return { ok: false, message: `Неизвестное приложение (client_id «${clientId}»): вход возможен только в веб-консоль ${CONSOLE_CLIENT_ID}.` };
    if (!acceptedRedirects().includes(redirectUri)) return { ok: false, message: `Адрес возврата (redirect_uri) «${redirectUri}» не зарегистрирован для веб-консоли: ожидается ${registeredRedirect()}.` };
    if (p.get('response_type') !== 'code') return { ok: false, message: 'Параметр response_type: поддерживается только code (поток с кодом авторизации).' };
    if (p.get('code_challenge_method') !== 'S256') return { ok: false, message: 'Параметр code_challenge_method: требуется S256 (PKCE).' };
    const challenge = p.get('code_challenge') ?? '';
    if (!/^[A-Za-z0-9_-]{43}$/.test(challenge)) return { ok: false, message: 'Параметр code_challenge: ожидается SHA-256 от code_verifier в base64url (43 символа).' };
    return { ok: true, params: { clientId, redirectUri, challenge, state: p.get('state') ?? '' } };
  }

  function authorizePage(query: URLSearchParams): PageAnswer {
    const checked = check(query);
    if (!checked.ok) return errorPage(checked.message);
    return { status: 200, headers: HTML_HEADERS, body: usersPage(checked.params) };
  }

  async function chooseUser(form: URLSearchParams): Promise<PageAnswer> {
    const checked = check(form);
    if (!checked.ok) return errorPage(checked.message);
    const [org = '', authority, role] = (form.get('user') ?? '').split('|');
    let user: DemoUser;
    try {
      user = demoUser({ org, authority: authority || undefined, role: role || undefined });
    } catch (error) {
      return errorPage(`Пользователь не выбран: ${(error as Error).message}`);
    }
    await opts.register(user);
    const code = base64url(randomBytes(32));
    const { clientId, redirectUri, challenge, state } = checked.params;
    codes.set(code, { clientId, redirectUri, challenge, user, expiresAt: now() + CODE_TTL_MS });
    const location = new URL(redirectUri);
    location.searchParams.set('code', code);
    if (state) location.searchParams.set('state', state);
    return { status: 303, headers: { location: location.toString(), 'cache-control': 'no-store' }, body: '' };
  }

  async function token(form: URLSearchParams): Promise<PageAnswer> {
    const fail = (error: string, message: string): PageAnswer => ({ status: 400, headers: JSON_HEADERS, body: JSON.stringify({ error, error_description: message }) });
    if (form.get('grant_type') !== 'authorization_code') return fail('unsupported_grant_type', 'Параметр grant_type: поддерживается только authorization_code.');
    const code = form.get('code') ?? '';
    const pending = codes.get(code);
    // Single use: the first exchange attempt spends the code, whether it succeeds or not.
    codes.delete(code);
    if (!pending) return fail('invalid_grant', 'Код авторизации недействителен или уже использован: войдите заново.');
    if (pending.expiresAt < now()) return fail('invalid_grant', 'Срок действия кода авторизации (1 минута) истёк: войдите заново.');
    if (form.get('client_id') !== pending.clientId) return fail('invalid_grant', 'Параметр client_id не совпадает с приложением, которому выдан код.');
    if (form.get('redirect_uri') !== pending.redirectUri) return fail('invalid_grant', 'Параметр redirect_uri не совпадает с адресом, на который выдан код.');
    const verifier = form.get('code_verifier') ?? '';
    if (!BASE64URL_43_128.test(verifier)) return fail('invalid_request', 'Параметр code_verifier: от 43 до 128 символов A–Z, a–z, 0–9, «-», «.», «_», «~» (PKCE).');
    if (s256(verifier) !== pending.challenge) return fail('invalid_grant', 'Параметр code_verifier не соответствует code_challenge запроса авторизации (PKCE).');
    const accessToken = await opts.mint(pending.user, ttl);
    return { status: 200, headers: JSON_HEADERS, body: JSON.stringify({ access_token: accessToken, token_type: 'Bearer', expires_in: ttl }) };
  }

  return { authorizePage, chooseUser, token, registeredRedirect };
}

export type Login = ReturnType<typeof createLogin>;

function errorPage(message: string): PageAnswer {
  return { status: 400, headers: HTML_HEADERS, body: page('Ошибка входа', `<h1>Вход не выполнен</h1><p role="alert">${escapeHtml(message)}</p>`) };
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * The people offered for MO and SMO users: the head; under authority A a clerk and a reader; under
 * authority B (seed 003: requests about the organization's users) the three steps of a document.
 */
const STAFF: Array<Omit<DemoUserRequest, 'org'> & { label: string }> = [
  { label: 'Руководитель' },
  { authority: 'A', role: 'Ввод данных', label: 'Полномочие A, ввод данных' },
  { authority: 'A', role: 'Просмотр', label: 'Полномочие A, просмотр' },
  { authority: 'B', role: 'Ввод данных', label: 'Полномочие B, ввод данных' },
  { authority: 'B', role: 'Согласование', label: 'Полномочие B, согласование' },
  { authority: 'B', role: 'Утверждение', label: 'Полномочие B, утверждение' },
];

function userButton(org: string, who: Omit<DemoUserRequest, 'org'> & { label: string }, title = who.label): string {
  const value = [org, who.authority ?? '', who.role ?? ''].join('|');
  return `<button type="submit" name="user" value="${escapeHtml(value)}">${escapeHtml(title)}</button>`;
}

function orgRow(code: string, name: string): string {
  return `<li><span class="org">${escapeHtml(name)} <span class="code">(${code})</span></span> ${STAFF.map((s) => userButton(code, s)).join(' ')}</li>`;
}

/** Every region with organizations in the reference data, its TFOMS, MOs and SMOs. */
function usersPage(p: AuthorizeParams): string {
  const ref = loadReferenceData();
  const hidden = Object.entries({ client_id: p.clientId, redirect_uri: p.redirectUri, response_type: 'code', code_challenge: p.challenge, code_challenge_method: 'S256', state: p.state })
    .map(([name, value]) => `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`)
    .join('');
  const regions = [...new Set([...ref.mos.values(), ...ref.smos.values()].map((o) => o.region))].sort();
  const sections = regions.map((code) => {
    const region = ref.regions.get(code);
    const mos = [...ref.mos.values()].filter((m) => m.region === code);
    const smos = [...ref.smos.values()].filter((s) => s.region === code);
    return `<details><summary>${code} — ${escapeHtml(region?.name ?? code)} <span class="code">(${escapeHtml(region?.timeZone ?? '')})</span></summary>
<h3>ТФОМС</h3><ul><li><span class="org">ТФОМС региона ${code}</span> ${userButton(code, { label: 'Сотрудник фонда' })}</li></ul>
<h3>Медицинские организации</h3><ul>${mos.map((m) => orgRow(m.code, m.name)).join('')}</ul>
<h3>Страховые медицинские организации</h3><ul>${smos.map((s) => orgRow(s.code, s.name)).join('')}</ul></details>`;
  });
  const quick = [
    { org: 'FOMS', label: 'ФОМС — сотрудник фонда' },
    { org: '39', label: 'ТФОМС Калининградской области (39) — сотрудник фонда' },
    { org: '390001', label: `МО ${ref.mos.get('390001')?.name ?? '390001'} — руководитель` },
  ];
  return page(
    'Вход — тестовый стенд ЕСИА',
    `<header><h1>Вход в ГИС ОМС</h1><p>Тестовый стенд, заменяющий ЕСИА на локальном стенде: выберите пользователя — пароль не нужен. Полномочия и роли пользователя хранятся в ГИС ОМС и применяются сервером.</p></header>
<main><form method="post" action="/authorize">${hidden}
<section aria-labelledby="quick"><h2 id="quick">Часто используемые</h2><ul>${quick.map((q) => `<li>${userButton(q.org, { label: q.label })}</li>`).join('')}</ul></section>
<section aria-labelledby="all"><h2 id="all">Все пользователи по регионам</h2>
<h3>Федеральный фонд</h3><ul><li><span class="org">ФОМС</span> ${userButton('FOMS', { label: 'Сотрудник фонда' })}</li></ul>
${sections.join('\n')}</section></form></main>`,
  );
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:0;color:#1f1f1f;background:#f5f7fa}
header{background:#0d4cd3;color:#fff;padding:16px 32px}header p{margin:4px 0 0;max-width:60em}
main{padding:16px 32px;max-width:70em}h1{margin:0;font-size:1.5rem}h2{font-size:1.2rem}h3{font-size:1rem;margin:12px 0 4px}
ul{list-style:none;padding:0;margin:0}li{padding:4px 0}.org{margin-right:8px}.code{color:#555}
button{font:inherit;padding:4px 10px;margin:2px;border:1px solid #0d4cd3;border-radius:4px;background:#fff;color:#0d4cd3;cursor:pointer}
button:hover,button:focus{background:#0d4cd3;color:#fff}details{background:#fff;border:1px solid #d9d9d9;border-radius:6px;margin:6px 0;padding:6px 12px}
summary{cursor:pointer;font-weight:600}[role=alert]{color:#a8071a}
</style></head><body>${body}</body></html>`;
}
