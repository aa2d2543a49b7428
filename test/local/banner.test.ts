import { describe, expect, it } from 'vitest';
import { startBanner } from '../../infra/local/banner.js';
import { buildEndpoints } from '../../infra/local/endpoints.js';
import { compileRoutes, matchRoute } from '../../infra/local/http-api.js';
import { API_ROUTES } from '../../shared/runtime/api-routes.js';

describe('the `npm start` banner', () => {
  const api = 'http://127.0.0.1:3999';
  const endpoints = buildEndpoints({ s3: 'http://127.0.0.1:4999', dynamodb: 'http://127.0.0.1:4998', sqs: 'http://127.0.0.1:4997', api, queues: [], cursorKey: 'k' });
  const banner = startBanner(endpoints, '/tmp/data');
  const routes = compileRoutes(API_ROUTES.map((route) => ({ functionId: 'api', route })));

  // The console at the root and the local OIDC issuer's documents share the API's origin.
  const notApi = new Set(['/', new URL(endpoints.oidc.jwksUrl).pathname, new URL(endpoints.oidc.discoveryUrl).pathname]);

  it('suggests only declared API routes (the console and the issuer aside)', () => {
    const paths = [...banner.matchAll(new RegExp(`${api.replace(/[.]/g, '\\.')}(/[^\\s?#)]*)`, 'g'))].map((m) => m[1]!).filter((p) => !notApi.has(p));
    for (const path of paths) expect([path, matchRoute(routes, 'GET', path)?.binding.route.path]).toEqual([path, expect.any(String)]);
    expect(paths).toContain('/v1/regions/77/files');
    expect(paths.length).toBeGreaterThanOrEqual(2);
  });

  it('would catch a suggested path no route declares', () => {
    expect(matchRoute(routes, 'GET', '/v1/files')).toBeUndefined();
  });
});
