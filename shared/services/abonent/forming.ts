import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { config } from '../../config.js';
import { uploadStream } from '../../adapters/s3.js';
import { sendMessages } from '../../adapters/sqs.js';
import { logger } from '../../adapters/lambda/logger.js';
import { moListOf } from '../../adapters/store/groups.js';
import { getMoFile, getStage, moFilesOf, planMoFile, saveStage, updateMoFile, type Stage, type StageRef } from '../../adapters/store/stages.js';
import { abonentKeys } from '../../abonent/keys.js';
import { abonentFileId, fioOf, lockedTexts, ruDate, sexLabel, type AbonentRow } from '../../abonent/layout.js';
import type { FormMessage } from '../../abonent/messages.js';
import { BATCHES, transition } from '../../abonent/stage.js';
import { writeAbonentWorkbook } from '../../abonent/workbook.js';
import { mosInForce, regionToday } from '../mo-registry.js';
import { ApiError } from '../api/http.js';
import { batchOf, planOf, type Actor } from './campaign.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * x.1: a TFOMS/FOMS user (or the schedule) starts forming a batch for a region. The stage moves to
 * FORMING with the event in its history and one orchestrator message goes to the queue; calling it
 * again re-drives only the MOs whose file is not formed yet (formed files and returns stay).
 */
export async function startForming(ref: StageRef, actor: Actor, now = new Date()): Promise<Stage> {
  batchOf(await planOf(ref.campaignId), ref.campaignId, ref.batch);
  const stage = await getStage(ref);
  const action = stage ? 'reform' : 'start';
  const step = transition(stage?.state, action);
  if (!step.ok) throw new ApiError(409, 'STAGE_STATE', step.message);
  const at = now.toISOString();
  const next: Stage = {
    ...ref,
    ...stage,
    state: step.to,
    version: (stage?.version ?? 0) + 1,
    mos: stage?.mos ?? 0,
    history: [...(stage?.history ?? []), { at, action, from: stage?.state, to: step.to, by: actor.by, org: actor.org }],
    updatedAt: at,
  };
  if (!(await saveStage(next, stage?.version))) throw new ApiError(409, 'STAGE_CHANGED', 'Этап только что изменён другим пользователем; обновите данные и повторите.');
  await sendMessages('abonent-form', [{ ...ref } satisfies FormMessage]);
  logger.info('Forming started', { ...ref, action });
  return next;
}

/** The orchestrator (no `mo`) or the worker of one MO. */
export async function formFiles(message: FormMessage): Promise<void> {
  const ref: StageRef = { campaignId: message.campaignId, region: message.region, batch: message.batch };
  if (message.mo) return formMoFile(ref, message.mo);
  // The MOs in the registry on the day of forming: an excluded MO gets no file, an included one does.
  const mos = [...(await mosInForce(ref.region, regionToday(ref.region))).keys()];
  for (const mo of mos) {
    await planMoFile({ ...ref, mo, fileId: abonentFileId(ref.campaignId, ref.region, ref.batch, mo), status: 'PENDING' });
  }
  const open = (await moFilesOf(ref)).filter((f) => f.status === 'PENDING' || f.status === 'FAILED');
  await sendMessages('abonent-form', open.map((f): FormMessage => ({ ...ref, mo: f.mo })));
  const stage = await getStage(ref);
  if (stage && stage.mos !== mos.length) await saveStage({ ...stage, mos: mos.length, version: stage.version + 1 }, stage.version);
  logger.info('Forming fanned out', { ...ref, mos: mos.length, queued: open.length });
}

/**
 * Writes one MO's file: the XLSX to the outbox and, alongside, the locked columns to the work
 * bucket (the copy returns are checked against). A formed or empty MO is left alone, so a
 * redelivered message or a re-forming changes nothing; a failure is recorded and rethrown (the
 * queue retries, then parks the message in the DLQ for redrive).
 */
export async function formMoFile(ref: StageRef, mo: string): Promise<void> {
  const file = await getMoFile(ref, mo);
  if (!file || file.status === 'FORMED' || file.status === 'EMPTY') return;
  const plan = await planOf(ref.campaignId);
  try {
    const rows = rowsOf(ref, mo)[Symbol.asyncIterator]();
    const first = await rows.next();
    if (first.done) {
      await updateMoFile(ref, mo, { status: 'EMPTY', rows: 0, formedAt: new Date().toISOString() });
      return;
    }
    const key = abonentKeys.file(ref, mo, file.fileId);
    const originalsKey = abonentKeys.originals(ref, mo, file.fileId);
    const xlsx = uploadStream(config.bucket('outbox'), key, XLSX);
    const copy = uploadStream(config.bucket('work'), originalsKey, 'application/x-ndjson');
    const formedAt = new Date().toISOString();
    const [meta] = await Promise.all([
      writeAbonentWorkbook(
        xlsx.stream,
        { fileId: file.fileId, mo, region: ref.region, campaignId: ref.campaignId, batch: ref.batch, window: plan.examWindow, formedAt },
        prepend(first.value, rows),
        (row) => writeLine(copy.stream, JSON.stringify(lockedTexts(row))),
      ).finally(() => copy.stream.end()),
      xlsx.done,
      copy.done,
    ]);
    await updateMoFile(ref, mo, { status: 'FORMED', rows: meta.rows, hash: meta.hash, key, originalsKey, formedAt, error: undefined });
    logger.info('MO file formed', { ...ref, mo, rows: meta.rows });
  } catch (error) {
    await updateMoFile(ref, mo, { status: 'FAILED', error: (error as Error).message, attempts: (file.attempts ?? 0) + 1 });
    throw error;
  }
}

/** The MO's persons of the batch's groups, group by group, numbered as the file shows them. */
async function* rowsOf(ref: StageRef, mo: string): AsyncGenerator<AbonentRow> {
  let n = 0;
  for (const group of BATCHES[ref.batch].groups) {
    for await (const page of moListOf(ref.campaignId, mo, group)) {
      for (const d of page) {
        if (!d.card) throw new Error(`Решение по группе без данных лица (${d.campaignId}): пересчитайте группы региона ${ref.region}`);
        yield { n: ++n, enp: d.enp, fio: fioOf(d.card), dr: ruDate(d.card.dr), w: sexLabel(d.card.w), phone: d.card.phone ?? '', group, smo: d.smo };
      }
    }
  }
}

async function* prepend<T>(first: T, rest: AsyncIterator<T>): AsyncGenerator<T> {
  yield first;
  for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
}

async function writeLine(stream: Writable, line: string): Promise<void> {
  if (!stream.write(`${line}\n`)) await once(stream, 'drain');
}
