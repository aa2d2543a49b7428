import { orgTypeOf, regionOfOrg, rolesOf, type Authority, type OrgType, type Principal, type Role } from './model.js';

/**
 * The access rule of a route, as data. Every route declares one (a test fails otherwise).
 * - `orgTypes`: which kinds of organization may call it at all.
 * - `scope`: what the caller's organization must match in the request's target:
 *   `any` (no target), `region` (FOMS: any; others: the target region is their own),
 *   `org` (FOMS: any; a TFOMS: organizations of its region; MO/SMO: only itself).
 * - `authority` + `roles`: for MO/SMO callers, a grant needed (heads hold every role).
 *   `authority` may name a path parameter (`path:kind`) when the route serves both.
 */
export type AccessRule =
  | { public: true }
  | {
      public?: false;
      orgTypes: OrgType[];
      scope: 'any' | 'region' | 'org';
      authority?: Authority | `path:${string}`;
      roles?: Role[];
      /** Only the head of the organization (or FOMS/TFOMS as allowed by orgTypes). */
      headOnly?: boolean;
      /** For MO/SMO callers: one of these roles under either authority (campaign work is not A or B). */
      anyAuthorityRoles?: Role[];
      /** Scope `region`: MO/SMO users of the target region are in scope too (e.g. a referring doctor looking for a free bed). */
      regionMembers?: boolean;
    };

export interface Target {
  region?: string;
  org?: string;
  authority?: string;
}

export type Decision = { allow: true } | { allow: false; status: 401 | 403; code: string; message: string };

const deny = (code: string, message: string): Decision => ({ allow: false, status: 403, code, message });

/** Whom to ask, in Russian, for an organization type that lacks a right. */
export function whomToAsk(orgType: OrgType | undefined): string {
  switch (orgType) {
    case 'MO':
    case 'SMO':
      return 'Обратитесь к руководителю вашей организации или к работнику с полномочием на заявки о регистрации (полномочие Б).';
    case 'TFOMS':
      return 'Обратитесь к администратору ТФОМС или в ФОМС.';
    default:
      return 'Обратитесь в ФОМС.';
  }
}

export function decide(principal: Principal | undefined, rule: AccessRule, target: Target): Decision {
  if (rule.public) return { allow: true };
  if (!principal) {
    return { allow: false, status: 403, code: 'NOT_REGISTERED', message: 'Пользователь не зарегистрирован в системе. Обратитесь в свою организацию: руководитель регистрирует работников, ТФОМС — руководителей МО и СМО.' };
  }
  const orgType = orgTypeOf(principal.org);
  if (!principal.active) return deny('ACCESS_ENDED', `Доступ пользователя прекращён. ${whomToAsk(orgType)}`);
  if (!orgType || !rule.orgTypes.includes(orgType)) {
    return deny('WRONG_ORG_TYPE', `Операция недоступна организациям типа «${orgType ?? principal.org}»; доступна: ${rule.orgTypes.join(', ')}.`);
  }
  const scope = checkScope(principal.org, orgType, rule.scope, target, rule.regionMembers === true);
  if (scope) return scope;
  if (rule.headOnly && (orgType === 'MO' || orgType === 'SMO') && !principal.isHead) {
    return deny('HEAD_ONLY', 'Операция доступна только руководителю организации.');
  }
  if (rule.authority && (orgType === 'MO' || orgType === 'SMO')) {
    const authority = (rule.authority.startsWith('path:') ? target.authority : rule.authority) as Authority | undefined;
    if (authority !== 'A' && authority !== 'B') return deny('BAD_AUTHORITY', 'Полномочие должно быть A или B.');
    const held = rolesOf(principal, authority);
    const needed = rule.roles ?? [];
    if (!held.length || (needed.length && !needed.some((r) => held.includes(r)))) {
      const want = needed.length ? `роль ${needed.map((r) => `«${r}»`).join(' или ')}` : 'любая роль';
      return deny('MISSING_ROLE', `Нужно полномочие ${authority} (${want}); у пользователя: ${held.length ? held.join(', ') : 'нет ролей'}. ${whomToAsk(orgType)}`);
    }
  }
  if (rule.anyAuthorityRoles && (orgType === 'MO' || orgType === 'SMO')) {
    const held = [...new Set([...rolesOf(principal, 'A'), ...rolesOf(principal, 'B')])];
    if (!rule.anyAuthorityRoles.some((r) => held.includes(r))) {
      const want = rule.anyAuthorityRoles.map((r) => `«${r}»`).join(' или ');
      return deny('MISSING_ROLE', `Нужна роль ${want} (по любому полномочию); у пользователя: ${held.length ? held.join(', ') : 'нет ролей'}. ${whomToAsk(orgType)}`);
    }
  }
  return { allow: true };
}

function checkScope(org: string, orgType: OrgType, scope: 'any' | 'region' | 'org', target: Target, regionMembers = false): Decision | undefined {
  if (scope === 'any' || orgType === 'FOMS') return undefined;
  const ownRegion = regionOfOrg(org);
  if (scope === 'region') {
    const region = target.region ?? (target.org ? regionOfOrg(target.org) : undefined);
    if (region && region === ownRegion && orgType === 'TFOMS') return undefined;
    if (region && (orgType === 'MO' || orgType === 'SMO') && (target.org === org || (regionMembers && region === ownRegion))) return undefined;
    return deny('FORBIDDEN_REGION', `Нет доступа к данным региона ${region ?? '—'}: организация ${org} видит только свой регион.`);
  }
  const targetOrg = target.org;
  if (!targetOrg) return deny('FORBIDDEN_ORG', 'Не указана организация.');
  if (orgType === 'TFOMS' && regionOfOrg(targetOrg) === ownRegion && targetOrg !== 'FOMS') return undefined;
  if (targetOrg === org) return undefined;
  return deny('FORBIDDEN_ORG', `Нет доступа к данным организации ${targetOrg}: пользователь действует от имени ${org}.`);
}
