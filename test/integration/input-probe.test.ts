import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoToken, demoUser, type DemoUserRequest } from '../../infra/local/demo-users.js';
import { startLocalStack, type LocalStack } from '../../infra/local/stack.js';
import type { Principal } from '../../shared/access/model.js';
import { decide } from '../../shared/access/rules.js';
import { MAX_JSON_BYTES } from '../../shared/adapters/lambda/http-api.js';
import { cursorKeyFrom, sealCursor } from '../../shared/pagination/cursor.js';
import { API_ROUTES } from '../../shared/runtime/api-routes.js';
import { ENV, pathParamsOf, type HttpRoute } from '../../shared/runtime/declarations.js';
import { pathParamNames } from '../../shared/runtime/path-params.js';
import { targetOf } from '../../shared/services/api/authorize.js';
import { openApiDocument } from '../../shared/services/api/openapi.js';
import { expectRussian } from '../support/russian.js';

/**
 * The black-box probe of issue 11 as a property test: every route of the route table, called on
 * the emulators by a caller its access rule admits (so the input reaches the handler), with
 * malformed JSON, wrong types, foreign content types, oversize bodies, control characters,
 * garbage and foreign cursors, 5,000-character ids in every path parameter and bad query values.
 * Every answer is below 500, and every refusal is in Russian without English type words.
 */
let stack: LocalStack;
let dataDir: string;

const orgOf = (path: string): string => (/informing/.test(path) ? '77008' : path.startsWith('/v1/funds/') ? '77' : '771001');
/** Each path parameter at its declared example (they name nothing that exists), the org by route. */
const paramsOf = (route: HttpRoute): Record<string, string> =>
  Object.fromEntries(Object.entries(pathParamsOf(route)).map(([name, p]) => [name, name === 'org' ? orgOf(route.path) : (p?.example ?? '')]));

/** FOMS, the region's TFOMS, or the head of the organization in the path: the first the rule admits. */
function callerOf(route: HttpRoute): DemoUserRequest | undefined {
  if (route.auth === 'none') return undefined;
  const candidates: DemoUserRequest[] = [{ org: 'FOMS' }, { org: '77' }, { org: orgOf(route.path) }];
  const admitted = candidates.find((who) => {
    const u = demoUser(who);
    const principal: Principal = { snils: u.snils, fio: u.fio, org: u.org, isHead: u.isHead, grants: u.grant ? [u.grant] : [], active: true };
    return decide(principal, route.access, targetOf({ pathParameters: paramsOf(route) })).allow;
  });
  if (!admitted) throw new Error(`no probe caller is admitted to ${route.method} ${route.path}`);
  return admitted;
}

interface ProbeCase {
  kind: string;
  /** Path parameters (raw; encoded when sent). */
  params: Record<string, string>;
  query?: Record<string, string>;
  body?: string | Buffer;
  contentType?: string;
  /** The refusal this input must get; undefined = any answer below 500. */
  expect?: { status: number; code?: string };
}

const routeKey = (r: HttpRoute) => `${r.method} ${r.path}`;
const hasBody = (r: HttpRoute) => r.method === 'POST' || r.method === 'PUT';
const docs = openApiDocument();
const operation = (r: HttpRoute) => docs.paths[r.path]![r.method.toLowerCase()] as { parameters: Array<{ name: string; in: string }>; requestBody?: any };
const isPaged = (r: HttpRoute) => operation(r).parameters.some((p) => p.in === 'query' && p.name === 'cursor');
const bodyKeys = (r: HttpRoute): string[] => Object.keys(operation(r).requestBody?.content['application/json'].schema.properties ?? {});
const QUERY_NAMES = ['cursor', 'limit', 'since', 'date', 'month', 'format', 'batch', 'group', 'from', 'to', 'profile', 'campaign', 'reason'];

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** Text of any code points, including control characters (lone surrogates, which no URL can carry, replaced). */
const anyText = (min: number, max: number) => fc.string({ unit: 'binary', minLength: min, maxLength: max }).map((s) => s.replace(LONE_SURROGATE, '\uFFFD'));
/**
 * API Gateway refuses a request line over 10 KB itself (HTTP API quota), as Node's server does
 * over 16 KB (431): a path parameter is probed up to 8,000 URL-encoded characters.
 */
const MAX_ENCODED_PARAM = 8000;
const fitsUrl = (value: string): string => {
  let cut = value;
  while (encodeURIComponent(cut).length > MAX_ENCODED_PARAM) cut = [...cut].slice(0, Math.floor([...cut].length * 0.8)).join('');
  return cut;
};
const parses = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

const malformedJson = fc
  .oneof(
    fc.tuple(fc.jsonValue(), fc.nat()).map(([v, n]) => {
      const text = JSON.stringify({ value: v });
      return text.slice(0, 1 + (n % (text.length - 1)));
    }),
    fc.tuple(fc.jsonValue(), fc.integer({ min: 0, max: 31 })).map(([v, c]) => `{"a":"${String.fromCharCode(c)}","b":${JSON.stringify(v)}}`),
    anyText(1, 200),
    fc.constantFrom('{', '{"a":1,}', "{'a':1}", 'NaN', '\uFEFF{}', '{"a":01}', '[1,2', '"'),
  )
  .filter((text) => text.trim().length > 0 && !parses(text));

/** JSON of any shape with control characters and astral code points in its strings. */
const anyJson = fc.jsonValue({ maxDepth: 3 }).chain((v) => fc.constant(v));
const wrongTypes = (keys: string[]) =>
  keys.length
    ? fc.dictionary(fc.constantFrom(...keys, 'extra'), fc.oneof(anyJson, anyText(0, 50), fc.constant('x'.repeat(5000))), { minKeys: 1 })
    : anyJson;

function garbageCursors(): fc.Arbitrary<string> {
  const key = cursorKeyFrom(process.env[ENV.cursorKey]!);
  return fc.oneof(
    // What the probe sent: the old unsigned cursor, base64url of a DynamoDB key.
    fc.constantFrom('FILES#23', 'OBL#771001', 'AUDIT#FOMS').map((pk) => Buffer.from(JSON.stringify({ pk, sk: '2026#x' })).toString('base64url')),
    // Sealed with the stack's own key, but for another list (another region's files).
    fc.constantFrom('FILES#23', 'OBL#231001').map((pk) => sealCursor(key, { pk, sk: 'z' }, JSON.stringify({ table: 'other', pk }))),
    fc.base64String({ minLength: 4, maxLength: 300 }),
    anyText(1, 100),
    fc.constant('A'.repeat(5000)),
  );
}

function probeCases(route: HttpRoute, cursors: fc.Arbitrary<string>): { fixed: ProbeCase[]; random: fc.Arbitrary<ProbeCase> } {
  const params = paramsOf(route);
  const names = pathParamNames(route.path);
  const badPath = { status: 400, code: 'BAD_PATH_PARAMETER' };
  const fixed: ProbeCase[] = names.flatMap((name) => [
    { kind: `long ${name}`, params: { ...params, [name]: '9'.repeat(5000) }, expect: badPath },
    { kind: `control character in ${name}`, params: { ...params, [name]: `${params[name]}\u0000` }, expect: badPath },
  ]);
  const random: Array<fc.Arbitrary<ProbeCase>> = [];
  if (names.length) {
    random.push(
      fc
        .tuple(fc.constantFrom(...names), fc.oneof(anyText(129, 5000), fc.constant('я'.repeat(1300))))
        .map(([name, value]) => ({ kind: `random ${name}`, params: { ...params, [name]: fitsUrl(value) }, expect: badPath })),
    );
  }
  if (route.method === 'GET') {
    const cursorCase = (cursor: string): ProbeCase => ({ kind: 'cursor', params, query: { cursor }, ...(isPaged(route) ? { expect: { status: 400 } } : {}) });
    fixed.push(cursorCase('bm90LWEtY3Vyc29y'), cursorCase(Buffer.from(JSON.stringify({ pk: 'FILES#23', sk: 'x' })).toString('base64url')));
    random.push(cursors.map(cursorCase));
  }
  random.push(
    fc
      .dictionary(fc.constantFrom(...QUERY_NAMES), fc.oneof(anyText(0, 60), fc.constantFrom('-1', '0', '1e309', 'NaN', '9999-99-99', '2026-02-30', '1001', 'x'.repeat(5000))), { minKeys: 1 })
      .map((query) => ({ kind: 'query', params, query })),
  );
  if (hasBody(route)) {
    fixed.push(
      { kind: 'malformed JSON', params, body: '{"a":', contentType: 'application/json', expect: { status: 400, code: 'BAD_JSON' } },
      { kind: 'text/plain', params, body: '{}', contentType: 'text/plain', expect: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' } },
      { kind: 'no content type', params, body: Buffer.from('{}'), expect: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' } },
      { kind: 'oversize', params, body: `{"a":"${'x'.repeat(MAX_JSON_BYTES)}"}`, contentType: 'application/json', expect: { status: 413, code: 'PAYLOAD_TOO_LARGE' } },
    );
    random.push(
      malformedJson.map((body) => ({ kind: 'malformed JSON', params, body, contentType: 'application/json', expect: { status: 400, code: 'BAD_JSON' } })),
      wrongTypes(bodyKeys(route)).map((value) => ({ kind: 'wrong types', params, body: JSON.stringify(value), contentType: 'application/json' })),
      fc
        .constantFrom('text/plain', 'text/csv', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x')
        .map((contentType) => ({ kind: 'foreign content type', params, body: '{"a":1}', contentType, expect: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' } })),
    );
  }
  return { fixed, random: fc.oneof(...random) };
}

const tokens = new Map<string, string>();
async function send(route: HttpRoute, c: ProbeCase): Promise<{ status: number; body: any }> {
  const who = callerOf(route);
  const headers: Record<string, string> = {};
  if (who) {
    const id = JSON.stringify(who);
    if (!tokens.has(id)) tokens.set(id, await demoToken(who, dataDir));
    headers.authorization = `Bearer ${tokens.get(id)}`;
  }
  if (c.contentType) headers['content-type'] = c.contentType;
  const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(c.params[name]!));
  const query = c.query ? `?${new URLSearchParams(c.query).toString()}` : '';
  const res = await fetch(`${stack.endpoints.api.url}${path}${query}`, { method: route.method, headers, body: c.body });
  const text = await res.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: res.status, body };
}

/** Numbers of the run, printed at the end. */
const tally = { cases: 0, routes: new Set<string>(), byStatus: new Map<number, number>(), invalidCursor: new Set<string>() };

async function check(route: HttpRoute, c: ProbeCase): Promise<void> {
  const { status, body } = await send(route, c);
  const what = `${routeKey(route)} [${c.kind}] → ${status} ${JSON.stringify(body).slice(0, 300)}`;
  tally.cases++;
  tally.routes.add(routeKey(route));
  tally.byStatus.set(status, (tally.byStatus.get(status) ?? 0) + 1);
  if (body?.error?.code === 'INVALID_CURSOR') tally.invalidCursor.add(routeKey(route));
  expect(status, what).toBeLessThan(500);
  if (c.expect) {
    if (c.expect.status === 400 && !c.expect.code) expect(status >= 400 && status < 500, what).toBe(true);
    else expect(status, what).toBe(c.expect.status);
    if (c.expect.code) expect(body?.error?.code, what).toBe(c.expect.code);
  }
  if (status < 400) return;
  // A refusal is an error, or (a rejected hospitalization submission, 422) a protocol of findings.
  if (Array.isArray(body?.issues) && !body.error) for (const issue of body.issues) expectRussian(issue.message, what);
  else expectRussian(body?.error?.message, what);
}

/** Random cases per route on top of the fixed ones; keeps the whole probe well under a minute. */
const RUNS_PER_ROUTE = 4;

describe('input probe: no 5xx from any input on any route', { timeout: 240_000 }, () => {
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'omsflow-probe-'));
    stack = await startLocalStack({ dataDir, ports: { dynamodb: 0, s3: 0, sqs: 0, api: 0 }, schedules: false, endpointsFile: null, log: () => undefined });
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('every route answers malformed input with a Russian 4xx', async () => {
    const started = Date.now();
    const cursors = garbageCursors();
    for (const route of API_ROUTES) {
      const { fixed, random } = probeCases(route, cursors);
      for (const c of fixed) await check(route, c);
      await fc.assert(
        fc.asyncProperty(random, (c) => check(route, c)),
        { numRuns: RUNS_PER_ROUTE, seed: 11, endOnFailure: true },
      );
    }
    console.log(
      `probe: ${tally.cases} cases, ${tally.routes.size} routes in ${((Date.now() - started) / 1000).toFixed(1)} s; ` +
        `statuses ${[...tally.byStatus].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(' ')}; INVALID_CURSOR on ${tally.invalidCursor.size} list routes`,
    );
    expect(tally.routes.size).toBe(API_ROUTES.length);
    // A list reaches its query (and so opens the cursor) when its scope is valid; these always are.
    for (const list of ['GET /v1/regions/{region}/files', 'GET /v1/orgs/{org}/audit', 'GET /v1/orgs/{org}/documents/{kind}', 'GET /v1/orgs/{org}/obligations', 'GET /v1/regions/{region}/violations']) {
      expect(tally.invalidCursor, list).toContain(list);
    }
  });
});
