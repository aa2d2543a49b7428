import { createHash } from 'node:crypto';
import { orgTypeOf, ROLES, type Authority, type Role } from '../../shared/access/model.js';
import { createUser, loadPrincipal, putGrant } from '../../shared/adapters/store/users.js';
import { makeSnils } from '../../shared/identifiers/snils.js';
import { mintToken } from './issuer.js';

/**
 * Demo users of the local stack: one per (organization, authority, role). An MO/SMO without an
 * authority is its head; FOMS and TFOMS users are fund staff. Their СНИЛС is derived from the
 * triple, so the same command always gives the same person.
 */
export interface DemoUserRequest {
  org: string;
  authority?: string;
  role?: string;
}

export interface DemoUser {
  snils: string;
  fio: string;
  org: string;
  isHead: boolean;
  grant?: { authority: Authority; role: Role };
}

export function demoUser({ org, authority, role }: DemoUserRequest): DemoUser {
  const type = orgTypeOf(org);
  if (!type) throw new Error(`Организация «${org}»: ожидается FOMS, код региона (2 цифры), МО (6) или СМО (5).`);
  if (authority && authority !== 'A' && authority !== 'B') throw new Error('--authority: A или B (порядок подключения к ГИС ОМС)');
  if (role && !(ROLES as readonly string[]).includes(role)) throw new Error(`--role: одна из ${ROLES.join(', ')}`);
  const fund = type === 'FOMS' || type === 'TFOMS';
  const isHead = !fund && !authority;
  const grant = !fund && authority ? { authority: authority as Authority, role: (role ?? 'Просмотр') as Role } : undefined;
  const digest = createHash('sha256').update(`${org}|${grant?.authority ?? ''}|${grant?.role ?? ''}`).digest();
  // Nine digits above 001-001-998 so the control number is checked like a real one.
  const nine = String(2_000_000 + (digest.readUInt32BE(0) % 997_000_000)).padStart(9, '0');
  const who = isHead ? 'руководитель' : grant ? `${grant.authority}, ${grant.role}` : 'сотрудник фонда';
  return { snils: makeSnils(nine), fio: `Демо ${org} (${who})`, org, isHead, grant };
}

/** Registers the demo user in the running stack's tables (idempotent). Needs the handler env set. */
export async function ensureDemoUser(user: DemoUser): Promise<void> {
  const at = new Date().toISOString();
  await createUser({ snils: user.snils, fio: user.fio, org: user.org, isHead: user.isHead, active: true, createdBy: 'local-demo', createdAt: at });
  const current = await loadPrincipal(user.snils);
  if (user.grant && !current?.grants.some((g) => g.authority === user.grant!.authority && g.role === user.grant!.role)) {
    await putGrant(user.snils, user.grant, 'local-demo', at);
  }
}

/** A token of the local issuer for a demo user, registering the user first. */
export async function demoToken(request: DemoUserRequest, dataDir: string): Promise<string> {
  const user = demoUser(request);
  await ensureDemoUser(user);
  return mintToken({ org: user.org, sub: `demo-${user.snils}`, snils: user.snils }, dataDir);
}
