import { consoleConfig } from '../../shared/runtime/console-config.js';
import { consoleFiles } from './console-files.js';
import type { LocalPage } from './http-api.js';
import type { Login } from './oidc-login.js';

/** What the local API server answers besides its routes: the issuer's sign-in and the console. */
export function localPages(opts: { login: Login; issuer: () => string; consoleDir?: string; storage?: string }) {
  const files = opts.consoleDir ? consoleFiles(opts.consoleDir, opts.storage) : undefined;
  const form = async (body: () => Promise<Buffer | undefined>) => new URLSearchParams((await body())?.toString('utf8') ?? '');
  return async (method: string, url: URL, body: () => Promise<Buffer | undefined>): Promise<LocalPage | undefined> => {
    const path = url.pathname;
    if (path === '/authorize' && method === 'GET') return opts.login.authorizePage(url.searchParams);
    if (path === '/authorize' && method === 'POST') return opts.login.chooseUser(await form(body));
    if (path === '/token' && method === 'POST') return opts.login.token(await form(body));
    if (!files || method !== 'GET' || path.startsWith('/v1/')) return undefined;
    if (path === '/console-config.json') {
      return { status: 200, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-cache' }, body: JSON.stringify(consoleConfig(opts.issuer())) };
    }
    return files(path);
  };
}
