import type { RegistryEntry } from '../domain/mo-registry.js';
import type { OmsDocument } from './documents.js';
import { orgTypeOf, type Grant, type Principal } from './model.js';
import type { NotificationPayload, RegistryData, RequestPayload } from './payloads.js';

/**
 * What accepting a document changes, worked out from the document and the current state of what
 * it names — the same answer for the TFOMS's pending list, the document view and the accept
 * itself. A document acts only inside its own organization: an MO notifies about itself, a
 * B-request names the organization's own users (or a СНИЛС nobody has). Anything else is
 * `refused`, with the field named, at creation, at edit and again at the decision, since a user
 * may move between the two.
 */
export type AccessState = 'none' | 'active' | 'ended';

export interface RequestEffects {
  kind: 'B';
  type: RequestPayload['type'];
  org: string;
  user: { snils: string; fio: string };
  access: { from: AccessState; to: AccessState };
  grants: { from: Grant[]; to: Grant[] };
  /** Russian lines for people: what changes, one per line. */
  changes: string[];
  refused?: string;
}

export type RegistryState = Omit<RegistryEntry, 'docId' | 'effectiveFrom' | 'region'>;

export interface NotificationEffects {
  kind: 'A';
  type: NotificationPayload['type'];
  mo: string;
  effectiveDate: string;
  registry: { from: RegistryState | null; to: RegistryState };
  changes: string[];
  refused?: string;
}

export type AcceptEffects = RequestEffects | NotificationEffects;

/** What the decider needs to know: the user a B-request names, the MO's entry on an A's date. */
export interface EffectsInput {
  user?: Principal;
  registry?: RegistryEntry;
}

const ACCESS_RU: Record<AccessState, string> = { none: 'не зарегистрирован', active: 'доступ есть', ended: 'доступ прекращён' };

/** Why a B-request may not name this user for `org`, naming the field; undefined when it may. */
export function requestProblem(org: string, payload: RequestPayload, user: Principal | undefined): string | undefined {
  const field = `Поле payload.user.snils: пользователь со СНИЛС ${payload.user.snils}`;
  if (payload.type === 'register') {
    if (!user) return undefined;
    // Another organization's membership is not disclosed to this one.
    if (user.org !== org) return `${field} уже зарегистрирован в системе (в другой организации); заявка организации ${org} регистрирует только нового пользователя.`;
    return user.active
      ? `${field} уже зарегистрирован в организации ${org}; чтобы изменить его полномочия, подайте заявку change-authorities.`
      : `${field} был зарегистрирован в организации ${org}, его доступ прекращён; повторная регистрация заявкой не выполняется — обратитесь в ТФОМС.`;
  }
  if (!user || user.org !== org) return `${field} не зарегистрирован в организации ${org}; заявка касается только работников своей организации.`;
  if (!user.active) return `${field}: доступ уже прекращён.`;
  if (payload.type === 'change-authorities' && user.isHead) return `${field} — руководитель организации и обладает всеми полномочиями; менять их заявкой не нужно.`;
  return undefined;
}

/** Why an A-notification of `org` may not be about this MO; undefined when it may. */
export function notificationProblem(org: string, payload: NotificationPayload): string | undefined {
  if (orgTypeOf(org) !== 'MO') return `Уведомления о реестре медицинских организаций (полномочие A) направляет сама МО; организация ${org} — не МО.`;
  if (payload.mo !== org) return `Поле payload.mo: МО ${org} направляет уведомления только о себе, не о ${payload.mo}.`;
  return undefined;
}

export function acceptEffects(doc: OmsDocument, input: EffectsInput): AcceptEffects {
  return doc.kind === 'A' ? notificationEffects(doc.org, doc.payload as NotificationPayload, input.registry) : requestEffects(doc.org, doc.payload as RequestPayload, input.user);
}

function requestEffects(org: string, payload: RequestPayload, user: Principal | undefined): RequestEffects {
  const refused = requestProblem(org, payload, user);
  const from: AccessState = !user ? 'none' : user.active ? 'active' : 'ended';
  const current = user && !refused ? user.grants : [];
  const to: Grant[] =
    payload.type === 'end-access' ? [] : payload.type === 'register' ? payload.grants : mergeGrants(current, payload.grants);
  const access = { from, to: (payload.type === 'end-access' ? 'ended' : 'active') as AccessState };
  const who = { snils: payload.user.snils, fio: user && !refused ? user.fio : payload.user.fio };
  if (refused) return { kind: 'B', type: payload.type, org, user: who, access: { from, to: from }, grants: { from: current, to: current }, changes: [], refused };
  return { kind: 'B', type: payload.type, org, user: who, access, grants: { from: current, to }, changes: grantLines(who, access, current, to) };
}

/** Each authority once: a request's grant replaces the role held under that authority. */
function mergeGrants(current: Grant[], asked: Grant[]): Grant[] {
  const byAuthority = new Map(current.map((g) => [g.authority, g]));
  for (const g of asked) byAuthority.set(g.authority, { authority: g.authority, role: g.role });
  return [...byAuthority.values()].sort((a, b) => a.authority.localeCompare(b.authority));
}

function grantLines(who: { snils: string; fio: string }, access: { from: AccessState; to: AccessState }, from: Grant[], to: Grant[]): string[] {
  const lines = [`${who.fio}, СНИЛС ${who.snils}`];
  if (access.from !== access.to) lines.push(`Доступ: ${ACCESS_RU[access.from]} → ${ACCESS_RU[access.to]}`);
  const role = (grants: Grant[], authority: string) => grants.find((g) => g.authority === authority)?.role;
  for (const authority of ['A', 'B']) {
    const [was, will] = [role(from, authority), role(to, authority)];
    if (was !== will) lines.push(`Полномочие ${authority}: ${was ? `«${was}»` : 'нет'} → ${will ? `«${will}»` : 'нет'}`);
  }
  return lines;
}

const REGISTRY_RU: Record<keyof RegistryData | 'included', string> = {
  included: 'в реестре',
  name: 'наименование',
  primaryCare: 'первичная медико-санитарная помощь',
  dayHospital: 'дневной стационар',
  specializedInpatient: 'специализированная помощь в стационаре',
};
const TYPE_RU: Record<NotificationPayload['type'], string> = { include: 'включение в реестр', exclude: 'исключение из реестра', change: 'изменение сведений' };

function notificationEffects(org: string, payload: NotificationPayload, entry: RegistryEntry | undefined): NotificationEffects {
  const from: RegistryState | null = entry ? registryState(entry) : null;
  const data: RegistryData = payload.type === 'exclude' ? {} : payload.data;
  const to: RegistryState = { ...(from ?? { code: payload.mo }), ...data, included: payload.type !== 'exclude' };
  const base = { kind: 'A' as const, type: payload.type, mo: payload.mo, effectiveDate: payload.effectiveDate };
  const refused = notificationProblem(org, payload) ?? registryProblem(payload, entry);
  if (refused) return { ...base, registry: { from, to: from ?? to }, changes: [], refused };
  const changes = [`МО ${payload.mo}: ${TYPE_RU[payload.type]} с ${payload.effectiveDate}`];
  for (const key of Object.keys(REGISTRY_RU) as Array<keyof typeof REGISTRY_RU>) {
    const [was, will] = [from?.[key], to[key]];
    if (was !== will) changes.push(`${REGISTRY_RU[key]}: ${show(was)} → ${show(will)}`);
  }
  return { ...base, registry: { from, to }, changes };
}

/**
 * Why the registry on the effective date does not admit the notification: an inclusion of an MO
 * already in it, an exclusion or a change of one not in it (a change must not bring an MO back).
 */
function registryProblem(payload: NotificationPayload, entry: RegistryEntry | undefined): string | undefined {
  const field = `Поле payload.effectiveDate: на ${payload.effectiveDate} МО ${payload.mo}`;
  if (payload.type === 'include') return entry?.included ? `${field} уже в реестре; изменение её сведений — уведомление об изменении (change).` : undefined;
  if (entry?.included) return undefined;
  return payload.type === 'exclude'
    ? `${field} нет в реестре: исключать нечего.`
    : `${field} нет в реестре: изменять нечего; МО, не включённая в реестр, направляет уведомление о включении (include).`;
}

function registryState({ docId: _d, effectiveFrom: _e, region: _r, ...state }: RegistryEntry): RegistryState {
  return state;
}

const show = (v: unknown) => (v === undefined ? '—' : v === true ? 'да' : v === false ? 'нет' : `«${String(v)}»`);
