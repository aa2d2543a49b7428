import { ReopenRequest, ReturnRequest } from './abonent.js';
import { ConfirmRequest } from './obligations.js';
import { SmoEnd, SmoReactivation, SmoRegistration } from '../informing/smo-registry.js';
import { ResultsRequest, ResultsUploadRequest } from './informing-results.js';
import { HospitalizationUploadRequest } from './hospitalization.js';
import { ResolveRequest } from './conflicts.js';
import { ExportUploadRequest } from './exports.js';
import { SubmissionSchema } from '../../hospitalization/submission.js';
import { CampaignScheduleSchema } from '../../obligations/schedule.js';
import { CampaignRequest } from '../campaigns.js';
import { CalendarYearSchema } from '../../calendar/production-calendar.js';
import { z } from 'zod';
import type { AccessRule } from '../../access/rules.js';
import { Person, RoleBody, StaffBody } from './users.js';
import { DecisionBody, DocumentBody, StepBody } from './documents.js';
import { PowerDocumentUpload } from '../../access/attachments.js';
import { API_ROUTES } from '../../runtime/api-routes.js';
import { pathParamsOf } from '../../runtime/declarations.js';

/** Page cursors are sealed and bound to their list (shared/pagination/cursor.ts). */
/** Pages of a region-wide list computed whole (hospitalization: MO rows in code order). */
const ROW_PAGE = [
  { name: 'limit', description: 'Строк на странице (1–1000, по умолчанию 500)' },
  { name: 'cursor', description: 'Курсор следующей страницы из поля cursor предыдущего ответа (нет поля — последняя страница)' },
];
const CURSOR = {
  name: 'cursor',
  description: 'Курсор следующей страницы из предыдущего ответа: непрозрачный, действует 24 часа и только для того же списка (иначе 400 INVALID_CURSOR)',
};

const CONFLICT_STATUS = { name: 'status', description: 'open — открытые, resolved — решённые ФОМС; без параметра — все' };

/** Query parameters per route (path parameters come from the path template). */
const QUERY: Record<string, Array<{ name: string; description: string }>> = {
  'GET /v1/regions/{region}/files': [CURSOR],
  'GET /v1/orgs/{org}/audit': [CURSOR],
  'GET /v1/orgs/{org}/documents/{kind}': [CURSOR],
  'GET /v1/campaigns/{campaignId}/regions/{region}/exclusions': [CURSOR],
  'GET /v1/campaigns/{campaignId}/regions/{region}/batches/{batch}/mos': [
    { name: 'only', description: 'late — МО, не вернувшие файл до конца дня returnBy по времени региона (или вернувшие позже); failed — файл не сформирован' },
    { name: 'limit', description: 'Размер страницы, МО (1–1000, по умолчанию 1000)' },
    CURSOR,
  ],
  'GET /v1/quarantine': [CURSOR],
  'GET /v1/regions/{region}/conflicts': [CONFLICT_STATUS, CURSOR],
  'GET /v1/conflicts': [CONFLICT_STATUS, CURSOR],
  'GET /v1/regions/{region}/persons/{enp}': [
    { name: 'campaign', description: 'Идентификатор кампании; по умолчанию — все активные' },
    { name: 'reason', description: 'Цель обращения к персональным данным (записывается в журнал аудита)' },
  ],
  'GET /v1/regions/{region}/obligations': [{ name: 'month', description: 'ГГГГ-ММ: закрытые обязательства со сроком в этом месяце (без параметра — открытые и просроченные)' }],
  'GET /v1/orgs/{org}/obligations': [CURSOR],
  'GET /v1/regions/{region}/violations': [CURSOR],
  'GET /v1/orgs/{org}/notifications': [{ name: 'since', description: 'Момент ISO 8601: только уведомления не раньше него' }],
  'GET /v1/orgs/{org}/informing-files': [
    { name: 'since', description: 'Момент ISO 8601: только файлы, опубликованные после него («что нового»); в следующий раз передайте asOf из ответа' },
    { name: 'campaign', description: 'Только файлы этой кампании' },
    { name: 'batch', description: 'Только файлы этой партии (12 или 34)' },
  ],
  'GET /v1/orgs/{org}/informing-files/{fileId}/download': [
    { name: 'format', description: 'xlsx (по умолчанию), csv (windows-1251) или changes — изменения относительно предыдущей версии (CSV, windows-1251)' },
  ],
  'GET /v1/orgs/{org}/informing-results/{campaignId}/uploads': [CURSOR],
  'GET /v1/orgs/{org}/informing-targets/{campaignId}/not-informed': [
    { name: 'batch', description: 'Партия: 12 (группы 1–2, по умолчанию) или 34 (группы 3–4)' },
    { name: 'group', description: 'Только эта группа (1–4)' },
    { name: 'limit', description: 'Сколько лиц примерно вернуть (1–1000, по умолчанию 100)' },
    CURSOR,
  ],
  'GET /v1/orgs/{org}/hospitalization/submissions': [
    { name: 'from', description: 'Первые отчётные сутки, ГГГГ-ММ-ДД (по умолчанию — 13 дней до to)' },
    { name: 'to', description: 'Последние отчётные сутки, ГГГГ-ММ-ДД (по умолчанию — сегодня по времени региона); не больше 92 дней' },
  ],
  'GET /v1/regions/{region}/hospitalization/free-beds': [
    { name: 'date', description: 'День, на который ищутся свободные места, ГГГГ-ММ-ДД (по умолчанию — сегодня по времени региона)' },
    { name: 'profile', description: 'Код профиля койки по справочнику (по умолчанию — все профили)' },
    ...ROW_PAGE,
  ],
  'GET /v1/regions/{region}/hospitalization/compliance': [
    { name: 'date', description: 'Отчётные сутки, ГГГГ-ММ-ДД (по умолчанию — вчера по времени региона)' },
    { name: 'status', description: 'Только МО с этим статусом: в срок, с опозданием или нет сведений' },
    ...ROW_PAGE,
  ],
};

/** JSON bodies per route, from the same zod schemas the handlers validate with. */
const BODIES: Record<string, z.ZodType> = {
  'POST /v1/funds/{org}/users': Person,
  'POST /v1/regions/{region}/orgs/{org}/head': Person,
  'POST /v1/orgs/{org}/users': StaffBody,
  'PUT /v1/orgs/{org}/users/{snils}/grants/{authority}': RoleBody,
  'POST /v1/orgs/{org}/documents/{kind}': DocumentBody,
  'PUT /v1/orgs/{org}/documents/{kind}/{docId}': DocumentBody,
  'POST /v1/orgs/{org}/documents/{kind}/{docId}/attachments': PowerDocumentUpload,
  'POST /v1/orgs/{org}/documents/{kind}/{docId}/return': StepBody,
  'POST /v1/orgs/{org}/documents/{kind}/{docId}/decision': DecisionBody,
  'POST /v1/orgs/{org}/abonent-files/{fileId}/returns': ReturnRequest,
  'POST /v1/campaigns/{campaignId}/regions/{region}/batches/{batch}/reopen': ReopenRequest,
  'PUT /v1/campaigns/{campaignId}/schedule': CampaignScheduleSchema,
  'POST /v1/campaigns': CampaignRequest,
  'POST /v1/orgs/{org}/obligations/{obligationId}/confirm': ConfirmRequest,
  'PUT /v1/regions/{region}/smos/{smo}': SmoRegistration,
  'POST /v1/regions/{region}/smos/{smo}/end': SmoEnd,
  'POST /v1/regions/{region}/smos/{smo}/reactivate': SmoReactivation,
  'POST /v1/orgs/{org}/informing-results/{campaignId}': ResultsRequest,
  'POST /v1/orgs/{org}/informing-results/{campaignId}/uploads': ResultsUploadRequest,
  'POST /v1/orgs/{org}/hospitalization/submissions': SubmissionSchema,
  'POST /v1/orgs/{org}/hospitalization/uploads': HospitalizationUploadRequest,
  'POST /v1/regions/{region}/files/uploads': ExportUploadRequest,
  'POST /v1/regions/{region}/files/uploads/{uploadId}/parts': ExportUploadRequest,
  'POST /v1/regions/{region}/files/uploads/{uploadId}/complete': ExportUploadRequest,
  'PUT /v1/calendar/{year}': CalendarYearSchema,
  'POST /v1/conflicts/{enp}/resolve': ResolveRequest,
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
  const members = rule.regionMembers ? '; пользователи МО/СМО этого региона — тоже' : '';
  return `Доступ: ${rule.orgTypes.join(', ')}; ${scope}${members}${grant}${anyRole}.`;
}

/** A path parameter's JSON Schema: type, maxLength and pattern. */
function pathParamSchema(schema: z.ZodString): Record<string, unknown> {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema) as Record<string, unknown>;
  return json;
}

/** OpenAPI 3.1 document generated from the route table, so it cannot miss a route. */
export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of API_ROUTES) {
    const routeKey = `${route.method} ${route.path}`;
    // The same bounds the handler checks first (shared/runtime/path-params.ts).
    const pathParams = Object.entries(pathParamsOf(route)).map(([name, declared]) => ({
      name,
      in: 'path',
      required: true,
      description: declared?.rule,
      schema: declared ? pathParamSchema(declared.schema) : { type: 'string' },
      example: declared?.example,
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
        '   ТФОМС региона может загрузить заполненный файл за МО (п. 2.3/3.3 графика) тем же запросом по пути МО: те же проверки и протокол;',
        '   в возврате и в журнале аудита указано, кто загрузил (`loadedBy`: организация, пользователь, `onBehalf`).',
        '7. После утверждения реестра ТФОМС — итоговый список МО: `GET /v1/orgs/{org}/abonent-files/{fileId}/final-list`.',
        '',
        'Обязательства и сроки: ФОМС загружает график кампании (`PUT /v1/campaigns/{campaignId}/schedule`, форма письма ФОМС);',
        'для каждого региона создаются обязательства ФОМС, ТФОМС, каждой МО и СМО со сроками по местному времени региона.',
        'Каждые 15 минут они проверяются: просроченные становятся нарушениями (`GET /v1/regions/{region}/violations`),',
        'ответственные и ТФОМС получают уведомления (`GET /v1/orgs/{org}/notifications`); свои обязательства — `GET /v1/orgs/{org}/obligations`.',
        'График один: тот же график (его текущая версия) задаёт дни формирования файлов (x.1), срок возврата МО (`returnBy`, x.2), после которого',
        'формируется реестр (x.4), и сроки обязательств; перенос пункта 2.2 переносит всё это вместе. ФОМС создаёт кампанию с графиком:',
        '`POST /v1/campaigns` (id, name, referenceDate, examWindow, batches, schedule); список и даты партий — `GET /v1/campaigns`, `GET /v1/campaigns/{campaignId}`.',
        '',
        'Этап 4 — файлы СМО для информирования застрахованных лиц:',
        '1. ТФОМС регистрирует СМО, работающие в регионе (код по F002, наименование, контакты): `PUT /v1/regions/{region}/smos/{smo}`;',
        '   руководителя СМО — `POST /v1/regions/{region}/orgs/{org}/head`; прекращение работы СМО — `POST /v1/regions/{region}/smos/{smo}/end`;',
        '   возобновление работы прекращённой СМО — только явно, с причиной: `POST /v1/regions/{region}/smos/{smo}/reactivate` (PUT её не возобновляет).',
        '2. При утверждении реестра партии (x.5) или по команде ТФОМС (`POST …/batches/{batch}/informing`) для каждой зарегистрированной СМО',
        '   формируется файл: её застрахованные лица с запланированной датой — ЕНП, ФИО, дата рождения, телефон, МО, дата и время, группа (XLSX и CSV в windows-1251).',
        '   Ход — `GET …/batches/{batch}/informing`. Исправленный реестр даёт новую версию со списком изменений (добавлен, исключён, изменены дата или время);',
        '   если у СМО ничего не изменилось, новой версии нет.',
        '3. Работник СМО видит свои файлы: `GET /v1/orgs/{org}/informing-files` (`?since=` — что нового с момента), скачивает по ссылке на 5 минут',
        '   (`GET /v1/orgs/{org}/informing-files/{fileId}/download?format=xlsx|csv|changes`) и подтверждает получение: `POST …/{fileId}/acknowledge`.',
        '',
        'Результаты информирования и целевые показатели (DOMAIN.md §3.7, план ФОМС — «доля лиц, индивидуально проинформированных, нарастающим итогом»):',
        '1. СМО сообщает, что сделано по каждому лицу: ЕНП, дата, канал (01 SMS, 02 e-mail, 03 телефон, 04 почта, 06 мессенджер, 07 визит, 11 при обращении в МО/СМО),',
        '   результат (1 проинформирован, 2 не удалось связаться, 3 отказ от информирования, 4 неверные контактные данные) — JSON-пакетом до 5000 строк',
        '   `POST /v1/orgs/{org}/informing-results/{campaignId}` (в ответе — отклонённые строки с полем, правилом и сообщением) или файлом:',
        '   `POST …/informing-results/{campaignId}/uploads` с `{"size": <байт>}` → ссылка PUT на 10 минут; CSV `ENP;DATE_INF;CHANNEL;RESULT` (windows-1251 или UTF-8) или XLSX;',
        '   статус и ФЛК-протокол — `GET …/informing-results/{campaignId}/uploads`. Принимаются только лица СМО с назначенной датой в утверждённом реестре;',
        '   первый принятый результат по партии — начало информирования (п. 4.3/4.5 графика), скачивание файла его не заменяет;',
        '   более позднее сообщение за то же лицо и день заменяет прежнее, повтор того же ничего не меняет.',
        '2. Показатели: СМО — `GET /v1/orgs/{org}/informing-targets/{campaignId}` (по группам, нарастающим итогом по дням), ещё не проинформированные —',
        '   `GET …/not-informed?batch=12`; ТФОМС — `GET /v1/campaigns/{campaignId}/regions/{region}/informing-targets` (по СМО и группам); ФОМС — `GET /v1/campaigns/{campaignId}/informing-targets`.',
        '3. Отчёт XLSX: `POST …/report` (формируется в фоне), затем `GET …/report` — состояние и ссылка на 5 минут.',
        '',
        'Ресурс «Плановая госпитализация» (ст. 263–264 Правил ОМС): МО ежедневно до 09:00 местного времени передаёт сведения за истекшие сутки —',
        'свободные места по профилям коек на сегодня и 10 рабочих дней вперёд с датой освобождения, госпитализированные по направлениям, экстренные',
        'госпитализации и выписки, несостоявшиеся госпитализации с причиной, получившие направление в МО (ст. 263), выданные направления (ст. 264):',
        '1. JSON — `POST /v1/orgs/{org}/hospitalization/submissions` (ответ — протокол: статус и каждая ошибка с полем, строкой, правилом H001–H030; 422 — отклонено целиком);',
        '   или CSV — `POST …/hospitalization/uploads` с `{"size": <байт>}` → ссылка PUT на 10 минут, ФЛК-протокол — в `GET …/hospitalization/submissions`.',
        '   Более поздние принятые сведения за те же сутки заменяют прежние, повтор тех же ничего не меняет, отклонённые не затирают принятые.',
        '2. Свободные места по региону (ищет направляющий врач): `GET /v1/regions/{region}/hospitalization/free-beds?profile=&date=`.',
        '3. ТФОМС — соблюдение сроков за сутки (в срок, с опозданием, нет сведений) и ссылка на XLSX: `GET /v1/regions/{region}/hospitalization/compliance?date=`.',
      ].join('\n'),
    },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT (OIDC, ЕСИА)' } } },
    paths,
  };
}
