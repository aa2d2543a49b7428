/**
 * Who may do what (seed 003, DOMAIN.md §5). Tokens only say who a person is (subject, СНИЛС); the
 * organization, the head flag, authorities and roles live in our own tables, so a revoked role
 * takes effect on the very next call.
 */
export type OrgType = 'FOMS' | 'TFOMS' | 'MO' | 'SMO';

/** Seed 003: (A) notifications on the ОМС registry of MOs, (B) requests about users and access. */
export const AUTHORITIES = {
  A: 'Формирование уведомлений о включении (исключении) медицинской организации в реестр медицинских организаций, осуществляющих деятельность в сфере ОМС, уведомлений об изменении сведений о медицинской организации',
  B: 'Направление заявки на регистрацию, изменение полномочий, прекращение доступа уполномоченных лиц участника системы',
} as const;
export type Authority = keyof typeof AUTHORITIES;

export const ROLES = ['Ввод данных', 'Согласование', 'Утверждение', 'Просмотр'] as const;
export type Role = (typeof ROLES)[number];

export interface Grant {
  authority: Authority;
  role: Role;
}

/** A registered person acting for one organization. */
export interface Principal {
  /** СНИЛС, 11 digits: the key a person is registered under. */
  snils: string;
  fio: string;
  org: string;
  /** Head of an MO/SMO (acts without a power of attorney); fund staff are never "heads" here. */
  isHead: boolean;
  grants: Grant[];
  active: boolean;
}

export function orgTypeOf(org: string): OrgType | undefined {
  if (org === 'FOMS') return 'FOMS';
  if (/^\d{2}$/.test(org)) return 'TFOMS';
  if (/^\d{6}$/.test(org)) return 'MO';
  if (/^\d{5}$/.test(org)) return 'SMO';
  return undefined;
}

/** Region of an organization (codes start with the region); FOMS has none. */
export function regionOfOrg(org: string): string | undefined {
  return orgTypeOf(org) && org !== 'FOMS' ? org.slice(0, 2) : undefined;
}

/** A head holds every role of both authorities (seed 003: acts for the organization). */
export function rolesOf(principal: Principal, authority: Authority): Role[] {
  if (principal.isHead) return [...ROLES];
  return principal.grants.filter((g) => g.authority === authority).map((g) => g.role);
}
