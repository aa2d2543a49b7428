import { z } from 'zod';
import { AUTHORITIES, orgTypeOf, regionOfOrg, ROLES, type Authority, type Principal } from '../../access/model.js';
import { FEDERAL_TIME_ZONE } from '../../obligations/model.js';
import { supportChannels } from '../../access/support.js';
import { recordAudit, auditOf } from '../../adapters/store/audit.js';
import { createUser, deleteGrant, endAccess, loadPrincipal, putGrant, usersOf } from '../../adapters/store/users.js';
import { Person } from '../../access/person.js';
import { loadReferenceData } from '../../reference/load.js';
import { ApiError, created, ok, parseBody, principalOf, type ApiRequest, type RouteHandler } from './http.js';

/** Seed 003: registration of heads (by the TFOMS), of staff (by the head or authority B), grants. */

export { Person };
const GrantBody = z.object({ authority: z.enum(['A', 'B']), role: z.enum(ROLES) });
export const StaffBody = Person.extend({ grants: z.array(GrantBody).min(1, 'Нужно хотя бы одно полномочие с ролью') });
export const RoleBody = z.object({ role: z.enum(ROLES) });

function authorityParam(value: string | undefined): Authority {
  if (value === 'A' || value === 'B') return value;
  throw new ApiError(400, 'BAD_AUTHORITY', `Полномочие «${value ?? ''}» не существует: A — уведомления о реестре МО, B — заявки о доступе.`);
}

async function register(request: ApiRequest, org: string, isHead: boolean, person: z.infer<typeof Person>) {
  const actor = principalOf(request);
  const at = new Date().toISOString();
  const fresh = await createUser({ snils: person.snils, fio: person.fio, org, isHead, active: true, createdBy: actor.snils, createdAt: at });
  if (!fresh) throw new ApiError(409, 'USER_EXISTS', `Пользователь со СНИЛС ${person.snils} уже зарегистрирован; для другой организации нужна отдельная учётная запись.`);
  await auditChange(request, actor, isHead ? 'head-register' : 'user-register', `${org}/${person.snils}`);
  return at;
}

function auditChange(request: ApiRequest, actor: Principal, action: string, subject: string) {
  return recordAudit({ at: new Date().toISOString(), actor: actor.snils, org: actor.org, action, subject, reason: 'Управление доступом (порядок подключения к ГИС ОМС)', requestId: request.requestId });
}

/** The staff member must exist in the organization of the path. */
async function memberOf(org: string, snils: string | undefined): Promise<Principal> {
  const user = snils ? await loadPrincipal(snils) : undefined;
  if (!user || user.org !== org) throw new ApiError(404, 'USER_NOT_FOUND', `Пользователь ${snils ?? ''} не найден в организации ${org}.`);
  return user;
}

const view = (p: Principal) => ({ snils: p.snils, fio: p.fio, org: p.org, isHead: p.isHead, active: p.active, grants: p.grants });

export const USER_HANDLERS: Record<string, RouteHandler> = {
  'GET /v1/me': async (request) => {
    const me = principalOf(request);
    // The clock the caller's deadlines run on: the region's zone (DOMAIN.md §10), Moscow for FOMS.
    const ref = loadReferenceData();
    const region = regionOfOrg(me.org);
    const regionRef = region ? ref.regions.get(region) : undefined;
    const orgName = me.org === 'FOMS' ? 'Федеральный фонд ОМС' : (ref.mos.get(me.org) ?? ref.smos.get(me.org))?.name ?? (regionRef ? `ТФОМС: ${regionRef.name}` : null);
    return ok({
      ...view(me),
      orgType: orgTypeOf(me.org),
      orgName,
      region: region ?? null,
      regionName: regionRef?.name ?? null,
      timeZone: regionRef?.timeZone ?? FEDERAL_TIME_ZONE,
      authorities: AUTHORITIES,
      support: supportChannels(),
    });
  },

  'POST /v1/funds/{org}/users': async (request) => {
    const org = request.pathParameters.org ?? '';
    if (org !== 'FOMS' && !loadReferenceData().regions.has(org)) throw new ApiError(400, 'BAD_ORG', `Организация «${org}»: ожидается FOMS или код ТФОМС (код субъекта).`);
    const person = parseBody(Person, request.body);
    const at = await register(request, org, false, person);
    return created({ snils: person.snils, org, createdAt: at });
  },

  'POST /v1/regions/{region}/orgs/{org}/head': async (request) => {
    const region = request.pathParameters.region ?? '';
    const org = request.pathParameters.org ?? '';
    // An MO of the region need not be in the registry yet: its head forms the notification that includes it (seed 003 (A)).
    const known = orgTypeOf(org) === 'MO' ? regionOfOrg(org) === region : loadReferenceData().smos.get(org)?.region === region;
    if (!known) throw new ApiError(404, 'ORG_NOT_FOUND', `МО или СМО ${org} нет в реестре региона ${region}.`);
    const person = parseBody(Person, request.body);
    const at = await register(request, org, true, person);
    return created({ snils: person.snils, org, isHead: true, createdAt: at });
  },

  'GET /v1/orgs/{org}/users': async (request) => {
    const org = request.pathParameters.org ?? '';
    // СНИЛС and names of staff are personal data: listing them is an access.
    await recordAudit({ at: new Date().toISOString(), actor: principalOf(request).snils, org: principalOf(request).org, action: 'users-list', subject: org, reason: 'Управление доступом', requestId: request.requestId });
    return ok({ users: (await usersOf(org)).map(view) });
  },

  'POST /v1/orgs/{org}/users': async (request) => {
    const org = request.pathParameters.org ?? '';
    const body = parseBody(StaffBody, request.body);
    const at = await register(request, org, false, body);
    for (const grant of body.grants) await putGrant(body.snils, grant, principalOf(request).snils, at);
    return created({ ...view((await loadPrincipal(body.snils))!) });
  },

  'PUT /v1/orgs/{org}/users/{snils}/grants/{authority}': async (request) => {
    const org = request.pathParameters.org ?? '';
    const user = await memberOf(org, request.pathParameters.snils);
    const authority = authorityParam(request.pathParameters.authority);
    const { role } = parseBody(RoleBody, request.body);
    const actor = principalOf(request);
    await putGrant(user.snils, { authority, role }, actor.snils, new Date().toISOString());
    await auditChange(request, actor, 'grant', `${org}/${user.snils}/${authority}:${role}`);
    return ok(view((await loadPrincipal(user.snils))!));
  },

  'DELETE /v1/orgs/{org}/users/{snils}/grants/{authority}': async (request) => {
    const org = request.pathParameters.org ?? '';
    const user = await memberOf(org, request.pathParameters.snils);
    const authority = authorityParam(request.pathParameters.authority);
    const actor = principalOf(request);
    await deleteGrant(user.snils, authority);
    await auditChange(request, actor, 'revoke', `${org}/${user.snils}/${authority}`);
    return ok(view((await loadPrincipal(user.snils))!));
  },

  'DELETE /v1/orgs/{org}/users/{snils}': async (request) => {
    const org = request.pathParameters.org ?? '';
    const user = await memberOf(org, request.pathParameters.snils);
    const actor = principalOf(request);
    if (user.snils === actor.snils) throw new ApiError(409, 'SELF_END', 'Нельзя прекратить собственный доступ: обратитесь в ТФОМС своего региона.');
    if (!(await endAccess(user.snils, org, actor.snils, new Date().toISOString()))) throw new ApiError(404, 'USER_NOT_FOUND', `Пользователь ${user.snils} не найден в организации ${org}.`);
    await auditChange(request, actor, 'end-access', `${org}/${user.snils}`);
    return ok({ snils: user.snils, active: false });
  },

  'GET /v1/orgs/{org}/audit': async (request) => {
    const org = request.pathParameters.org ?? '';
    if (!orgTypeOf(org)) throw new ApiError(400, 'BAD_ORG', `Организация «${org}» не распознана.`);
    return ok(await auditOf(org, request.query.cursor));
  },
};
