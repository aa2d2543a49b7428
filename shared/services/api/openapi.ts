import { ReopenRequest, ReturnRequest } from './abonent.js';
import { ConfirmRequest } from './obligations.js';
import { CampaignScheduleSchema } from '../../obligations/schedule.js';
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
  'GET /v1/regions/{region}/obligations': [{ name: 'month', description: 'ГГГГ-ММ: закрытые обязательства со сроком в этом месяце (без параметра — открытые и просроченные)' }],
  'GET /v1/orgs/{org}/obligations': [{ name: 'cursor', description: 'Курсор следующей страницы' }],
  'GET /v1/regions/{region}/violations': [{ name: 'cursor', description: 'Курсор следующей страницы' }],
  'GET /v1/orgs/{org}/notifications': [{ name: 'since', description: 'Момент ISO 8601: только уведомления не раньше него' }],
};

/** JSON bodies per route, from the same zod schemas the handlers validate with. */
const BODIES: Record<string, z.ZodType> = {
  'POST /v1/funds/{org}/users': Person,
  'POST /v1/regions/{region}/orgs/{org}/head': Person,
  'POST /v1/orgs/{org}/users': StaffBody,
  'PUT /v1/orgs/{org}/users/{snils}/grants/{authority}': RoleBody,
  'POST /v1/orgs/{org}/abonent-files/{fileId}/returns': ReturnRequest,
  'POST /v1/campaigns/{campaignId}/regions/{region}/batches/{batch}/reopen': ReopenRequest,
  'PUT /v1/campaigns/{campaignId}/schedule': CampaignScheduleSchema,
  'POST /v1/orgs/{org}/obligations/{obligationId}/confirm': ConfirmRequest,
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
  const anyRole = rule.anyAuthorityRoles ? `; работникам МО/СМО нужна роль ${rule.anyAuthorityRoles.join(' или ')} по любому полномочию (руководитель — всегда)` : '';
  return `Доступ: ${rule.orgTypes.join(', ')}; ${scope}${grant}${anyRole}.`;
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
      description: [
        'Информационное взаимодействие в сфере ОМС: приём файлов ТФОМС и ФОМС с ФЛК-протоколом, проверка списков (этап 1.6),',
        'доступ участников (регистрация, полномочия, документы), этапы 2–3 — абонентский пункт МО, реестр и итоговые списки.',
        '',
        'Работа МО с абонентским пунктом (партия 12 — группы 1–2, партия 34 — группы 3–4):',
        '1. ТФОМС (или расписание) запускает формирование: `POST /v1/campaigns/{campaignId}/regions/{region}/batches/{batch}/forming`; ход — `GET …/batches/{batch}`.',
        '2. Работник МО видит свои файлы: `GET /v1/orgs/{org}/abonent-files`.',
        '3. Получает ссылку на скачивание (5 минут): `GET /v1/orgs/{org}/abonent-files/{fileId}/download`, скачивает файл по ссылке.',
        '4. Заполняет в Excel только столбцы «Дата проведения», «Время», «Отметка», «Комментарий» (лист защищён, значения проверяются).',
        '5. Запрашивает ссылку на загрузку (10 минут, точный размер и тип подписаны): `POST /v1/orgs/{org}/abonent-files/{fileId}/returns` с `{"size": <байт>}`,',
        '   и отправляет файл методом PUT по ссылке с заголовком Content-Type из ответа.',
        '6. Смотрит результат и ФЛК-протокол: `GET /v1/orgs/{org}/abonent-files/{fileId}/returns`. Исправленный файл можно загрузить повторно до закрытия приёма.',
        '7. После утверждения реестра ТФОМС — итоговый список МО: `GET /v1/orgs/{org}/abonent-files/{fileId}/final-list`.',
        '',
        'Обязательства и сроки: ФОМС загружает график кампании (`PUT /v1/campaigns/{campaignId}/schedule`, форма письма ФОМС);',
        'для каждого региона создаются обязательства ФОМС, ТФОМС, каждой МО и СМО со сроками по местному времени региона.',
        'Каждые 15 минут они проверяются: просроченные становятся нарушениями (`GET /v1/regions/{region}/violations`),',
        'ответственные и ТФОМС получают уведомления (`GET /v1/orgs/{org}/notifications`); свои обязательства — `GET /v1/orgs/{org}/obligations`.',
      ].join('\n'),
    },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT (OIDC, ЕСИА)' } } },
    paths,
  };
}
