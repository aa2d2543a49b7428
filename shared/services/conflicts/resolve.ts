import { config } from '../../config.js';
import { claimsOf, resolveClaim, type Conflict, type Resolution } from '../../adapters/store/conflicts.js';
import { getPerson, keepWithHolder, moveToClaimant } from '../../adapters/store/persons.js';
import { sendMessages } from '../../adapters/sqs.js';
import type { RecomputeMessage } from '../../ingest/messages.js';
import { ApiError } from '../api/http.js';

export interface ResolveCommand {
  enp: string;
  /** The region whose claim is decided; may be left out when the person has one open claim. */
  claimant?: string;
  /** Where the person goes: the region holding the person now, or the claimant. */
  to: string;
  comment: string;
  by: string;
  org: string;
}

/**
 * FOMS decides a cross-region conflict (shared/domain/cross-region.ts). The person is written
 * first and the claim closed second, so a retry after a failure between the two finds the claim
 * still open and the person already where it was decided, and only closes the claim. Both regions'
 * groups are recomputed: the person returns to one list and stays out of the other.
 */
export async function resolveConflict(command: ResolveCommand, now = new Date().toISOString()): Promise<Conflict> {
  const person = await getPerson(command.enp);
  const open = person ? (await claimsOf(command.enp, command.claimant ? [command.claimant] : [...(person.contestedBy ?? [])])).filter((c) => c.status === 'OPEN') : [];
  if (!person || !open.length) {
    const whose = command.claimant ? ` региона ${command.claimant}` : '';
    throw new ApiError(404, 'CONFLICT_NOT_FOUND', `Открытого межрегионального конфликта${whose} по ЕНП ${command.enp} нет.`);
  }
  if (open.length > 1) {
    const claimants = open.map((c) => c.claimant).sort().join(', ');
    throw new ApiError(400, 'CLAIMANT_REQUIRED', `Поле claimant: по ЕНП ${command.enp} открыты конфликты с регионами ${claimants} — укажите, какой решается.`);
  }
  const conflict = open[0]!;
  // The holder may have changed since the claim (another claim decided first): the person's region now counts.
  const holder = person.region === conflict.claimant ? conflict.holder : person.region;
  if (command.to !== holder && command.to !== conflict.claimant) {
    throw new ApiError(400, 'BAD_TARGET', `Поле to: «${command.to}» — лицо можно оставить в регионе ${holder} или передать в регион ${conflict.claimant}.`);
  }
  const resolution: Resolution = { to: command.to, at: now, by: command.by, org: command.org, comment: command.comment };
  if (command.to === conflict.claimant) {
    const moved =
      person.region === conflict.claimant ||
      (await moveToClaimant({ ...conflict.row, region: conflict.claimant, src: conflict.src, srcLine: conflict.srcLine }, person, now, config.regionShards()));
    if (!moved) throw stale(command.enp);
  } else if (!(await keepWithHolder(command.enp, holder, conflict.claimant, now))) {
    throw stale(command.enp);
  }
  if (!(await resolveClaim(conflict, resolution))) throw stale(command.enp);
  const reason = `cross-region conflict ${command.enp}/${conflict.claimant} resolved for ${command.to}`;
  await sendMessages('groups-recompute', [holder, conflict.claimant].map((region): RecomputeMessage => ({ region, reason })));
  return { ...conflict, status: 'RESOLVED', resolution };
}

const stale = (enp: string) =>
  new ApiError(409, 'CONFLICT_CHANGED', `Данные лица с ЕНП ${enp} изменились во время решения (загружен новый файл или решение уже принято). Запросите конфликт заново и повторите.`);
