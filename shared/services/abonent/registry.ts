import { sendMessages } from '../../adapters/sqs.js';
import { logger } from '../../adapters/lambda/logger.js';
import { getStage, moFilesOf, saveStage, type Stage, type StageRef } from '../../adapters/store/stages.js';
import type { FinalListMessage } from '../../abonent/messages.js';
import { summarizeRegistry, transition, type StageAction } from '../../abonent/stage.js';
import { ApiError } from '../api/http.js';
import type { Actor } from './campaign.js';
import { requestInforming } from '../informing/forming.js';

/**
 * x.4–x.5 and corrections: FOMS forms the registry from every MO's last accepted return and opens
 * it to the TFOMS; the TFOMS approves it (final lists are built by the final-lists queue); FOMS may
 * reopen the stage with a reason. Each step is a guarded transition recorded in the history.
 */
export async function formRegistry(ref: StageRef, actor: Actor, now = new Date()): Promise<Stage> {
  const registry = summarizeRegistry(await moFilesOf(ref), now.toISOString());
  const stage = await step(ref, 'form-registry', actor, now, { registry, finalListKey: undefined });
  logger.info('Registry formed', { ...ref, persons: registry.persons, notReturned: registry.notReturned.length });
  return stage;
}

export async function approveRegistry(ref: StageRef, actor: Actor, now = new Date()): Promise<Stage> {
  const stage = await step(ref, 'approve', actor, now, {});
  await sendMessages('final-lists', [{ ...ref } satisfies FinalListMessage]);
  // Stage 4 (4.2/4.4): the SMOs' informing files follow the approved registry.
  await requestInforming(ref, actor, 'approve', now);
  return stage;
}

export async function reopenStage(ref: StageRef, actor: Actor, reason: string, now = new Date()): Promise<Stage> {
  return step(ref, 'reopen', actor, now, { finalListKey: undefined }, reason);
}

async function step(ref: StageRef, action: StageAction, actor: Actor, now: Date, changes: Partial<Stage>, reason?: string): Promise<Stage> {
  const stage = await getStage(ref);
  const moved = transition(stage?.state, action, reason);
  if (!moved.ok) throw new ApiError(409, 'STAGE_STATE', moved.message);
  const at = now.toISOString();
  const next: Stage = {
    ...stage!,
    ...changes,
    state: moved.to,
    version: stage!.version + 1,
    history: [...stage!.history, { at, action, from: stage!.state, to: moved.to, by: actor.by, org: actor.org, reason: reason?.trim() }],
    updatedAt: at,
  };
  if (!(await saveStage(next, stage!.version))) throw new ApiError(409, 'STAGE_CHANGED', 'Этап только что изменён другим пользователем; обновите данные и повторите.');
  return next;
}
