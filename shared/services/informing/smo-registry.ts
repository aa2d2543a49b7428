import { z } from 'zod';
import { logger } from '../../adapters/lambda/logger.js';
import { getRegisteredSmo, saveRegisteredSmo, type RegisteredSmo, type SmoContacts, type SmoEvent } from '../../adapters/store/smo-registry.js';
import { loadReferenceData } from '../../reference/load.js';
import type { Actor } from '../abonent/campaign.js';
import { textField } from '../../identifiers/names.js';
import { ApiError } from '../api/http.js';

/**
 * Seed 000, 4.1: the TFOMS registers the SMOs working in its region (F002 code, name, contacts)
 * and can end an SMO's work there. Only an active SMO receives informing files. The SMO's head is
 * registered through the access route `POST /v1/regions/{region}/orgs/{org}/head` (seed 003).
 */
export const SmoRegistration = z
  .object({
    name: textField({ min: 3, max: 300, letters: true }).optional(),
    contacts: z
      .object({
        phone: textField({ min: 5, max: 50 }).optional(),
        email: z.email('адрес электронной почты').max(200).optional(),
        address: textField({ max: 500 }).optional(),
        person: textField({ max: 200, letters: true }).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type SmoRegistration = z.infer<typeof SmoRegistration>;

/** Ending an SMO's work, or taking it up again, is an explicit act with a reason kept in its history. */
export const SmoEnd = z.object({ reason: z.string().trim().min(3, 'укажите причину (не короче 3 символов)').max(1000) });
export const SmoReactivation = SmoEnd;

export const SMO_STATE_RU = { ACTIVE: 'работает в регионе', ENDED: 'работа в регионе прекращена' } as const;

/** The SMO must be in the F002 reference of that region. */
export function referenceSmo(region: string, code: string) {
  const smo = loadReferenceData().smos.get(code);
  if (!/^\d{5}$/.test(code) || !smo || smo.region !== region) {
    throw new ApiError(404, 'SMO_NOT_FOUND', `СМО ${code} нет в реестре страховых медицинских организаций (F002) региона ${region}.`);
  }
  return smo;
}

const CHANGED = 'Запись СМО только что изменена другим пользователем; обновите данные и повторите.';

/**
 * Registers the SMO (201) or updates the name and contacts of an active one (200; the same data
 * again changes nothing). An ended SMO stays ended: taking up its work again is `reactivateSmo`,
 * never the side effect of a rename.
 */
export async function registerSmo(region: string, code: string, body: SmoRegistration, actor: Actor, now = new Date()): Promise<{ smo: RegisteredSmo; created: boolean }> {
  const known = referenceSmo(region, code);
  const at = now.toISOString();
  const current = await getRegisteredSmo(region, code);
  const name = body.name ?? current?.name ?? known.name;
  const contacts: SmoContacts = { ...current?.contacts, ...body.contacts };
  if (current?.state === 'ACTIVE') {
    if (name === current.name && JSON.stringify(sorted(contacts)) === JSON.stringify(sorted(current.contacts))) return { smo: current, created: false };
    return { smo: await saveEvent(current, { name, contacts }, { action: 'update' }, actor, at), created: false };
  }
  if (current) {
    throw new ApiError(
      409,
      'SMO_ENDED',
      `Работа СМО ${code} в регионе ${region} прекращена ${current.endedAt?.slice(0, 10) ?? ''} (${current.endReason ?? 'причина не указана'}); изменение наименования или контактов её не возобновляет. ` +
        `Чтобы возобновить работу СМО, вызовите POST /v1/regions/${region}/smos/${code}/reactivate с причиной (поле reason).`,
    );
  }
  const next: RegisteredSmo = {
    region,
    code,
    name,
    contacts,
    state: 'ACTIVE',
    registeredAt: at,
    activeSince: at,
    version: 1,
    history: [{ at, action: 'register', by: actor.by, org: actor.org }],
    updatedAt: at,
  };
  if (!(await saveRegisteredSmo(next))) throw new ApiError(409, 'SMO_CHANGED', CHANGED);
  logger.info('SMO registered', { region, smo: code });
  return { smo: next, created: true };
}

/** Takes up an ended SMO's work in the region again: a new active period, the reason in its history. */
export async function reactivateSmo(region: string, code: string, reason: string, actor: Actor, now = new Date()): Promise<RegisteredSmo> {
  referenceSmo(region, code);
  const current = await getRegisteredSmo(region, code);
  if (current?.state !== 'ENDED') {
    const why = current ? `она ${SMO_STATE_RU.ACTIVE}` : `она не зарегистрирована: зарегистрируйте её (PUT /v1/regions/${region}/smos/${code})`;
    throw new ApiError(409, 'SMO_NOT_ENDED', `Возобновить работу СМО ${code} в регионе ${region} нельзя: ${why}.`);
  }
  const at = now.toISOString();
  const { endedAt: _e, endReason: _r, ...rest } = current;
  const next = await saveEvent(rest, { state: 'ACTIVE', activeSince: at }, { action: 'reactivate', reason }, actor, at);
  logger.info('SMO work taken up again', { region, smo: code });
  return next;
}

export async function endSmo(region: string, code: string, reason: string, actor: Actor, now = new Date()): Promise<RegisteredSmo> {
  referenceSmo(region, code);
  const current = await getRegisteredSmo(region, code);
  if (current?.state !== 'ACTIVE') {
    throw new ApiError(409, 'SMO_NOT_ACTIVE', `СМО ${code} не работает в регионе ${region}: ${current ? SMO_STATE_RU.ENDED : 'не зарегистрирована'}.`);
  }
  const at = now.toISOString();
  const next = await saveEvent(current, { state: 'ENDED', endedAt: at, endReason: reason }, { action: 'end', reason }, actor, at);
  logger.info('SMO work ended', { region, smo: code });
  return next;
}

/** `current` with `changes` and one more event in its history, saved only if nobody changed it since it was read. */
async function saveEvent(current: RegisteredSmo, changes: Partial<RegisteredSmo>, event: Pick<SmoEvent, 'action' | 'reason'>, actor: Actor, at: string): Promise<RegisteredSmo> {
  const next: RegisteredSmo = { ...current, ...changes, version: current.version + 1, history: [...current.history, { at, ...event, by: actor.by, org: actor.org }], updatedAt: at };
  if (!(await saveRegisteredSmo(next, current.version))) throw new ApiError(409, 'SMO_CHANGED', CHANGED);
  return next;
}

const sorted = (o: object) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined).sort(([a], [b]) => a.localeCompare(b)));
