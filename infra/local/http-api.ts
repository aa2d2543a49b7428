import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { HttpRoute } from '../../shared/runtime/declarations.js';
import { httpApiEvent, normaliseIp } from './events.js';
import type { Invoker } from './invoker.js';
import type { JwtAuthorizer } from './jwt-authorizer.js';

/**
 * API Gateway HTTP API in front of the `http` triggers: route matching on the path templates,
 * the JWT authorizer on `jwt` routes, payload format 2.0 in, Lambda proxy result out. The same
 * server publishes the local issuer's discovery document and JWKS.
 */

export interface ApiRouteBinding {
  functionId: string;
  route: HttpRoute;
}

interface CompiledRoute extends ApiRouteBinding {
  pattern: RegExp;
  params: string[];
  /** Literal segments first: API Gateway prefers the most specific route. */
  specificity: number;
}

export function compileRoutes(bindings: ApiRouteBinding[]): CompiledRoute[] {
  return bindings
    .map((b) => {
      const params: string[] = [];
      const segments = b.route.path.split('/').filter(Boolean);
      const source = segments
        .map((segment) => {
          const param = /^\{([^}+]+)(\+)?\}$/.exec(segment);
          if (!param) return '/' + segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          params.push(param[1]!);
          return param[2] ? '/(.+)' : '/([^/]+)';
        })
        .join('');
      return {
        ...b,
        pattern: new RegExp(`^${source || '/'}$`),
        params,
        specificity: segments.filter((s) => !s.startsWith('{')).length * 100 - params.length,
      };
    })
    .sort((a, b) => b.specificity - a.specificity);
}

export function matchRoute(routes: CompiledRoute[], method: string, path: string) {
  for (const r of routes) {
    if (r.route.method !== method) continue;
    const m = r.pattern.exec(path);
    if (!m) continue;
    const pathParameters: Record<string, string> = {};
    r.params.forEach((name, i) => {
      pathParameters[name] = safeDecode(m[i + 1]!);
    });
    return { binding: r, pathParameters };
  }
  return undefined;
}

const MAX_BODY = 10 * 1024 * 1024; // API Gateway's payload limit

export interface ApiServerOptions {
  routes: ApiRouteBinding[];
  invoker: Invoker;
  /** Set once the issuer URL (which depends on the port) is known. */
  authorizer: () => JwtAuthorizer | undefined;
  discovery: () => unknown;
  jwks: () => Promise<unknown>;
  log: (msg: string) => void;
  /** Paths no route claims: the issuer's sign-in and the console's files. */
  pages?: (method: string, url: URL, body: () => Promise<Buffer | undefined>) => Promise<LocalPage | undefined>;
}

/** A local answer outside the HTTP API (an HTML page, a token response, a console file). */
export interface LocalPage {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
}

export function createApiServer(o: ApiServerOptions): { server: Server; inFlight: () => number } {
  const routes = compileRoutes(o.routes);
  let inFlight = 0;
  const server = createServer((req, res) => {
    inFlight++;
    handle(req, res)
      .catch((error: unknown) => {
        o.log(`api: ${(error as Error).message}`);
        if (!res.headersSent) send(res, 500, { message: 'Internal Server Error' });
      })
      .finally(() => inFlight--);
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = (req.method ?? 'GET').toUpperCase();
    if (method === 'GET' && url.pathname === '/.well-known/openid-configuration') return send(res, 200, o.discovery());
    if (method === 'GET' && url.pathname === '/.well-known/jwks.json') return send(res, 200, await o.jwks());

    const match = matchRoute(routes, method, url.pathname);
    if (!match) {
      const page = await o.pages?.(method, url, () => readBody(req));
      if (!page) return send(res, 404, { message: 'Not Found' });
      res.writeHead(page.status, page.headers);
      return void res.end(page.body);
    }

    const body = await readBody(req);
    if (body === undefined) return send(res, 413, { message: 'Request Entity Too Large' });

    let claims: Record<string, string> | undefined;
    let scopes: string[] | null = null;
    if (match.binding.route.auth === 'jwt') {
      const verified = await o.authorizer()?.(header(req, 'authorization'));
      if (!verified) return send(res, 401, { message: 'Unauthorized' }, { 'www-authenticate': 'Bearer' });
      ({ claims, scopes } = verified);
    }

    const sourceIp = normaliseIp(req.socket.remoteAddress ?? '127.0.0.1');
    const headers = lowerCaseHeaders(req);
    headers['x-forwarded-for'] ??= sourceIp;
    headers['x-forwarded-proto'] ??= 'http';
    headers['x-forwarded-port'] ??= String(req.socket.localPort ?? '');
    const event = httpApiEvent({
      route: match.binding.route,
      rawPath: url.pathname,
      rawQueryString: url.search.replace(/^\?/, ''),
      headers,
      pathParameters: match.pathParameters,
      body,
      sourceIp,
      claims,
      scopes,
    });

    let result: unknown;
    try {
      result = await o.invoker.invoke(match.binding.functionId, event);
    } catch (error) {
      o.log(`${match.binding.functionId} failed on ${event.routeKey}: ${(error as Error).message}`);
      return send(res, 500, { message: 'Internal Server Error' });
    }
    writeResult(res, result);
  }

  return { server, inFlight: () => inFlight };
}

/** Lambda proxy result (payload 2.0): a structured result, or any other value = 200 JSON. */
export function writeResult(res: ServerResponse, result: unknown): void {
  const structured =
    result !== null && typeof result === 'object' && typeof (result as { statusCode?: unknown }).statusCode === 'number';
  if (!structured) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(result ?? null));
    return;
  }
  const r = result as { statusCode: number; headers?: Record<string, unknown>; body?: string; isBase64Encoded?: boolean; cookies?: string[] };
  const headers: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(r.headers ?? {})) headers[k.toLowerCase()] = String(v);
  headers['content-type'] ??= 'application/json';
  if (r.cookies?.length) headers['set-cookie'] = r.cookies;
  res.writeHead(r.statusCode, headers);
  res.end(r.body === undefined ? '' : r.isBase64Encoded ? Buffer.from(r.body, 'base64') : r.body);
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Node already lower-cases names; repeated headers are joined with commas as API Gateway does. */
function lowerCaseHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(',') : v;
  return out;
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
