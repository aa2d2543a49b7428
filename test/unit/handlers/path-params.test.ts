import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { API_ROUTES } from '../../../shared/runtime/api-routes.js';
import { pathParamsOf, type HttpRoute } from '../../../shared/runtime/declarations.js';
import { pathParamNames } from '../../../shared/runtime/path-params.js';
import { openApiDocument } from '../../../shared/services/api/openapi.js';
import { apiEvent, callApi } from '../../support/api-event.js';

process.env.OMS_MAIN_TABLE = 'main';
const ddb = mockClient(DynamoDBDocumentClient);

/** Every parameter at its declared example: the route reaches its checks with these. */
const validOf = (route: HttpRoute): Record<string, string> => Object.fromEntries(Object.entries(pathParamsOf(route)).map(([name, p]) => [name, p?.example ?? '']));
const routesWithParams = API_ROUTES.filter((r) => pathParamNames(r.path).length).map((r) => [`${r.method} ${r.path}`, r] as const);

const call = (routeKey: string, pathParameters: Record<string, string>) => callApi(apiEvent(routeKey, pathParameters, { sub: 'u', snils: '11223344595' }));

describe('path parameters', () => {
  beforeEach(() => ddb.reset());

  it.each(routesWithParams)('%s: every {param} has a bounded, pattern-checked schema', (_, route) => {
    for (const [name, declared] of Object.entries(pathParamsOf(route))) {
      expect(declared, `{${name}} has no schema`).toBeDefined();
      expect(declared!.schema.safeParse(declared!.example).success, `the example of ${name}`).toBe(true);
      expect(declared!.schema.safeParse('x'.repeat(5000)).success, `5,000 characters of ${name}`).toBe(false);
      expect(declared!.rule).toMatch(/[а-яё]/i);
    }
  });

  it.each(routesWithParams)('%s: OpenAPI shows pattern and maxLength of every path parameter', (_, route) => {
    const parameters = (openApiDocument().paths[route.path]![route.method.toLowerCase()] as { parameters: Array<Record<string, any>> }).parameters;
    for (const name of pathParamNames(route.path)) {
      const p = parameters.find((x) => x.name === name && x.in === 'path')!;
      expect(p.schema).toMatchObject({ type: 'string', maxLength: expect.any(Number), pattern: expect.any(String) });
      expect(new RegExp(p.schema.pattern).test(p.example)).toBe(true);
    }
  });

  it.each(routesWithParams)('%s: a 5,000-character value in any parameter is a Russian 400 naming it, before any store call', async (routeKey, route) => {
    for (const name of pathParamNames(route.path)) {
      const { status, body } = await call(routeKey, { ...validOf(route), [name]: '9'.repeat(5000) });
      expect(status).toBe(400);
      expect(body.error.code).toBe('BAD_PATH_PARAMETER');
      expect(body.error.message).toMatch(new RegExp(`^Параметр пути ${name}: «9{40}… \\(5000 символов\\)» — [а-яА-ЯёЁ]`));
    }
    expect(ddb.calls()).toHaveLength(0);
  });

  it('region: two digits, or federal only where FOMS files are listed', async () => {
    const files = API_ROUTES.find((r) => r.path === '/v1/regions/{region}/files')!;
    const persons = API_ROUTES.find((r) => r.path === '/v1/regions/{region}/persons/{enp}')!;
    expect(pathParamsOf(files).region!.schema.safeParse('federal').success).toBe(true);
    expect(pathParamsOf(persons).region!.schema.safeParse('federal').success).toBe(false);
    for (const bad of ['7', '777', '7a', '', ' 77', '77\n']) expect(pathParamsOf(persons).region!.schema.safeParse(bad).success, bad).toBe(false);
    const { status, body } = await call('GET /v1/regions/{region}/persons/{enp}', { region: '77\u0000', enp: '7756410834000012' });
    expect(status).toBe(400);
    expect(body.error.message).toBe('Параметр пути region: «77?» — код субъекта РФ из двух цифр.');
  });
});
