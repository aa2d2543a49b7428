import { z } from 'zod';
import type { AccessRule } from '../../access/rules.js';
import { Person, RoleBody, StaffBody } from './users.js';
import { API_ROUTES } from '../../runtime/api-routes.js';

/** Query parameters per route (path parameters come from the path template). */
const QUERY: Record<string, Array<{ name: string; description: string }>> = {
  'GET /v1/regions/{region}/files': [{ name: 'cursor', description: 'Курсор следующей страницы из предыдущего ответа' }],
  'GET /v1/orgs/{org}/audit': [{ name: 'cursor', description: 'Курсор следующей страницы' }],
  'GET /v1/campaigns/{campaignId}/regions/{region}/exclusions': [{ name: 'cursor', description: 'Курсор следующей страницы' }],
  'GET /v1/regions/{region}/persons/{enp}': [
    { name: 'campaign', description: 'Идентификатор кампании; по умолчанию — все активные' },
    { name: 'reason', description: 'Цель обращения к персональным данным (записывается в журнал аудита)' },
  ],
};

/** JSON bodies per route, from the same zod schemas the handlers validate with. */
const BODIES: Record<string, z.ZodType> = {
  'POST /v1/funds/{org}/users': Person,
  'POST /v1/regions/{region}/orgs/{org}/head': Person,
  'POST /v1/orgs/{org}/users': StaffBody,
  'PUT /v1/orgs/{org}/users/{snils}/grants/{authority}': RoleBody,
};

const ERROR = {
  description: 'Ошибка',
  content: {
    'application/json': {
      schema: {
        type: 'object',
        properties: { error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } } } },
      },
    },
  },
};

/** The access rule in Russian, for people reading the document. */
function describeAccess(rule: AccessRule): string {
  if (rule.public) return 'Доступ: без токена.';
  const scope = { any: 'без ограничения по организации', region: 'ФОМС — все регионы, ТФОМС — свой регион', org: 'ФОМС — все, ТФОМС — организации своего региона, МО/СМО — только своя' }[rule.scope];
  const grant = rule.authority
    ? `; работникам МО/СМО нужно полномочие ${rule.authority.startsWith('path:') ? 'из пути (kind)' : rule.authority}${rule.roles?.length ? ` с ролью ${rule.roles.join(' или ')}` : ''} (руководитель — всегда)`
    : '';
  return `Доступ: ${rule.orgTypes.join(', ')}; ${scope}${grant}.`;
}

/** OpenAPI 3.1 document generated from the route table, so it cannot miss a route. */
export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of API_ROUTES) {
    const routeKey = `${route.method} ${route.path}`;
    const pathParams = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const queryParams = (QUERY[routeKey] ?? []).map((q) => ({ ...q, in: 'query', required: false, schema: { type: 'string' } }));
    (paths[route.path] ??= {})[route.method.toLowerCase()] = {
      summary: route.summary,
      description: describeAccess(route.access),
      'x-access': route.access,
      operationId: routeKey.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_|_$/g, ''),
      parameters: [...pathParams, ...queryParams],
      ...(BODIES[routeKey]
        ? { requestBody: { required: true, content: { 'application/json': { schema: z.toJSONSchema(BODIES[routeKey]!, { io: 'input', unrepresentable: 'any' }) } } } }
        : {}),
      security: route.auth === 'jwt' ? [{ bearer: [] }] : [],
      responses: {
        '200': { description: 'Успешно', content: { 'application/json': { schema: { type: 'object' } } } },
        ...(route.auth === 'jwt' ? { '401': ERROR, '403': ERROR } : {}),
        '400': ERROR,
        '404': ERROR,
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'omsflow API',
      version: '1.0.0',
      description:
        'Информационное взаимодействие в сфере ОМС: приём файлов ТФОМС и ФОМС с ФЛК-протоколом, проверка списков (этап 1.6).',
    },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT (OIDC, ЕСИА)' } } },
    paths,
  };
}
