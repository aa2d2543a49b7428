import { config } from '../../config.js';
import { readObject, uploadStream } from '../../adapters/s3.js';
import { sendMessages } from '../../adapters/sqs.js';
import { logger } from '../../adapters/lambda/logger.js';
import { batchGet, forEachLimited } from '../../adapters/store/dynamo.js';
import type { StoredDecision } from '../../adapters/store/groups.js';
import {
  completeRun,
  DONE_STATUSES,
  getRun,
  getSmoInforming,
  getVersion,
  latestVersion,
  planSmoRun,
  plansOfSmo,
  putVersion,
  smoInformingOf,
  startRun,
  updateSmoInforming,
  type ChangeCounts,
  type InformingRef,
  type InformingRun,
  type InformingVersion,
  type RunTrigger,
  type SmoInforming,
} from '../../adapters/store/informing.js';
import { getRegisteredSmo, listRegisteredSmos, type RegisteredSmo } from '../../adapters/store/smo-registry.js';
import type { StoredPlan } from '../../adapters/store/plans.js';
import { getStage } from '../../adapters/store/stages.js';
import { BATCHES, STAGE_STATE_RU } from '../../abonent/stage.js';
import { noChanges, VersionDiff, type CurrentEntry, type Dated } from '../../informing/diff.js';
import { CHANGES_FIELDS, CSV_FIELDS, csvFields, informingFileId, informingKeys, plannedDateOf, type InformingRow } from '../../informing/files.js';
import type { InformingFormMessage } from '../../informing/form-message.js';
import { changeFields, Cp1251CsvWriter, InformingWorkbookWriter, JsonLinesWriter } from '../../informing/writer.js';
import { loadReferenceData } from '../../reference/load.js';
import { mosInForce, regionToday } from '../mo-registry.js';
import { campaignOf } from '../campaigns.js';
import type { Actor } from '../abonent/campaign.js';
import { jsonLines } from '../../files/ndjson.js';
import { ApiError } from '../api/http.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const CSV = 'text/csv; charset=windows-1251';
/** BatchGet calls of 100 keys in flight while reading a page of cards. */
const CARD_LANES = 4;

/**
 * Stage 4 (seed 000, 4.2/4.4): per-SMO informing files of an approved registry. A run is asked for
 * when the TFOMS approves the registry (x.5) or by a TFOMS command; the orchestrator plans the
 * region's registered SMOs and fans out one message per SMO; each worker writes the SMO's next
 * version — XLSX and windows-1251 CSV in the outbox, the sorted rows in the work bucket and, from
 * the second version on, the list of what changed since the previous one. A run in which nothing
 * changed for an SMO publishes nothing (UNCHANGED): the SMO is never asked to re-inform everybody.
 */
export async function requestInforming(ref: InformingRef, actor: Actor, trigger: RunTrigger, now = new Date()): Promise<string> {
  const run = now.toISOString();
  await sendMessages('informing-form', [{ ...ref, run, trigger, by: actor.by, org: actor.org } satisfies InformingFormMessage]);
  logger.info('Informing forming requested', { ...ref, run, trigger });
  return run;
}

/** The TFOMS command: only for an approved registry and a region with registered SMOs. */
export async function commandInforming(ref: InformingRef, actor: Actor, now = new Date()): Promise<{ run: string; smos: string[] }> {
  const stage = await getStage(ref);
  if (stage?.state !== 'APPROVED') {
    const state = stage ? `«${STAGE_STATE_RU[stage.state]}»` : '«не начат»';
    throw new ApiError(409, 'REGISTRY_NOT_APPROVED', `Файлы для информирования формируются по утверждённому реестру (x.5); этап партии ${ref.batch} в состоянии ${state}.`);
  }
  const smos = (await listRegisteredSmos(ref.region)).filter((s) => s.state === 'ACTIVE').map((s) => s.code);
  if (!smos.length) {
    throw new ApiError(409, 'NO_REGISTERED_SMOS', `В регионе ${ref.region} нет СМО, зарегистрированных для работы (этап 4.1): зарегистрируйте их — PUT /v1/regions/${ref.region}/smos/{smo}.`);
  }
  return { run: await requestInforming(ref, actor, 'command', now), smos: smos.sort() };
}

export async function formInforming(message: InformingFormMessage): Promise<void> {
  const ref: InformingRef = { campaignId: message.campaignId, region: message.region, batch: message.batch };
  if (message.smo) return formSmoFile(ref, message.smo, message.run);
  return orchestrate(ref, message);
}

/**
 * Records the run (unless a later one is recorded), puts every registered, active SMO into it
 * and queues those not done in it. A redelivered message re-queues only what is still open.
 */
async function orchestrate(ref: InformingRef, m: InformingFormMessage): Promise<void> {
  const stage = await getStage(ref);
  if (stage?.state !== 'APPROVED') {
    logger.warn('Informing forming skipped: registry not approved', { ...ref, state: stage?.state, run: m.run });
    return;
  }
  let run = await getRun(ref);
  if (run && run.run > m.run) return logger.info('Informing run superseded', { ...ref, run: m.run, current: run.run });
  if (!run || run.run < m.run) {
    const smos = (await listRegisteredSmos(ref.region)).filter((s) => s.state === 'ACTIVE').map((s) => s.code).sort();
    const trigger = m.trigger ?? 'command';
    const by = m.by ?? 'schedule';
    const org = m.org ?? 'FOMS';
    const next: InformingRun = {
      ...ref,
      run: m.run,
      trigger,
      by,
      org,
      smos,
      ...(run?.firstCompletedAt ? { firstCompletedAt: run.firstCompletedAt } : {}),
      history: [...(run?.history ?? []).slice(-49), { run: m.run, trigger, by, org, smos: smos.length }],
    };
    if (await startRun(next)) run = next;
    else {
      run = await getRun(ref);
      if (run?.run !== m.run) return logger.info('Informing run superseded', { ...ref, run: m.run, current: run?.run });
    }
  }
  const at = new Date().toISOString();
  for (const smo of run.smos) await planSmoRun(ref, smo, run.run, at);
  const open = (await smoInformingOf(ref)).filter((i) => i.run === run.run && run.smos.includes(i.smo) && (i.status === 'PENDING' || i.status === 'FAILED'));
  await sendMessages('informing-form', open.map((i): InformingFormMessage => ({ ...ref, run: run.run, smo: i.smo })));
  logger.info('Informing forming fanned out', { ...ref, run: run.run, smos: run.smos.length, queued: open.length });
}

/**
 * One SMO's next version. Skipped when the SMO is done in this run or a later run took over; a
 * failure is recorded and rethrown (the queue retries, then parks the message in the DLQ), and a
 * retry rewrites the same version's objects.
 */
async function formSmoFile(ref: InformingRef, smo: string, run: string): Promise<void> {
  const item = await getSmoInforming(ref, smo);
  if (!item || item.run !== run) return;
  // Done already (a redelivery, or a retry after the completion check failed): only that check.
  if (DONE_STATUSES.includes(item.status)) return completeIfDone(ref, run);
  let outcome: Partial<SmoInforming>;
  try {
    outcome = await formVersion(ref, smo, run);
  } catch (error) {
    await updateSmoInforming(ref, smo, run, { status: 'FAILED', error: (error as Error).message, attempts: (item.attempts ?? 0) + 1 });
    throw error;
  }
  if (await updateSmoInforming(ref, smo, run, { ...outcome, doneAt: new Date().toISOString(), error: undefined })) await completeIfDone(ref, run);
}

async function formVersion(ref: InformingRef, smo: string, run: string): Promise<Partial<SmoInforming>> {
  const registered = await getRegisteredSmo(ref.region, smo);
  if (registered?.state !== 'ACTIVE') return { status: 'CANCELLED' };
  // The newest published version, not the SMO item's: a superseded run may have published one
  // after this run began. A retry of this run rewrites its own version from the one before.
  const latest = await latestVersion(ref, smo);
  const previous = latest?.run === run ? (latest.version > 1 ? await getVersion(ref, smo, latest.version - 1) : undefined) : latest;
  if (previous && noChanges(await countChanges(ref, smo, previous))) {
    logger.info('Informing file unchanged', { ...ref, smo, version: previous.version });
    return { status: 'UNCHANGED', version: previous.version, fileId: previous.fileId };
  }
  const version = await writeVersion(ref, registered, run, previous);
  if (!version) return { status: 'EMPTY' };
  // Another run published this version number meanwhile: retry, which starts from that one.
  if (!(await putVersion(version))) throw new Error(`version ${version.version} of SMO ${smo} was published by another run`);
  logger.info('Informing file formed', { ...ref, smo, version: version.version, rows: version.rows, changes: version.changes });
  return { status: 'FORMED', version: version.version, fileId: version.fileId };
}

/** The worker that finds every SMO of the run done completes the run (first completion kept). */
async function completeIfDone(ref: InformingRef, run: string): Promise<void> {
  const state = await getRun(ref);
  if (!state || state.run !== run || state.completedAt || !state.smos.length) return;
  const items = new Map((await smoInformingOf(ref)).map((i) => [i.smo, i]));
  const mine = state.smos.map((s) => items.get(s));
  if (!mine.every((i) => i && i.run === run && DONE_STATUSES.includes(i.status))) return;
  const last = mine.map((i) => i!.doneAt ?? '').reduce((a, b) => (b > a ? b : a));
  if (await completeRun(ref, run, last)) logger.info('Informing run complete', { ...ref, run, smos: mine.length });
}

const included = (plan: StoredPlan): boolean => plannedDateOf(plan) !== undefined;

/** The SMO's registry entries as diff input, without cards: what the pre-check needs. */
async function* plannedEntries(ref: InformingRef, smo: string): AsyncGenerator<CurrentEntry<Dated>> {
  for await (const page of plansOfSmo(ref, smo)) {
    for (const p of page) yield { mo: p.mo, enp: p.enp, mark: p.mark, row: included(p) ? { mo: p.mo, enp: p.enp, date: p.date!, time: p.time } : undefined };
  }
}

/** Whether anything changed since `previous`, reading the registry index only (no cards, no files). */
async function countChanges(ref: InformingRef, smo: string, previous: InformingVersion) {
  const diff = new VersionDiff<Dated>(jsonLines<InformingRow>(await readObject(config.bucket('work'), previous.rowsKey)));
  for await (const entry of plannedEntries(ref, smo)) await diff.push(entry);
  await diff.finish();
  return diff.counts;
}

/**
 * The SMO's registry entries with the person's card (ФИО, date of birth, phone) joined from the
 * group decision, page by page; the next page and its cards load while the caller writes this one.
 */
async function* informingEntries(ref: InformingRef, smo: string): AsyncGenerator<CurrentEntry<InformingRow>> {
  const pages = plansOfSmo(ref, smo);
  const load = async (): Promise<Array<CurrentEntry<InformingRow>> | undefined> => {
    const next = await pages.next();
    return next.done ? undefined : withCards(ref.campaignId, next.value);
  };
  let next = load();
  for (let page = await next; page; page = await next) {
    next = load();
    next.catch(() => undefined); // surfaced when awaited; no unhandled rejection meanwhile
    yield* page;
  }
}

async function withCards(campaignId: string, plans: StoredPlan[]): Promise<Array<CurrentEntry<InformingRow>>> {
  const wanted = plans.filter(included).map((p) => p.enp);
  const chunks: string[][] = [];
  for (let i = 0; i < wanted.length; i += 100) chunks.push(wanted.slice(i, i + 100));
  const cards = new Map<string, StoredDecision>();
  await forEachLimited(chunks, CARD_LANES, async (enps) => {
    for (const item of await batchGet(enps.map((enp) => ({ pk: `P#${enp}`, sk: `GRP#${campaignId}` })))) cards.set(item.enp as string, item as unknown as StoredDecision);
  });
  return plans.map((p) => {
    if (!included(p)) return { mo: p.mo, enp: p.enp, mark: p.mark };
    const card = cards.get(p.enp)?.card;
    if (!card) throw new Error(`Нет данных лица для записи реестра (${campaignId}, МО ${p.mo}): пересчитайте группы региона ${p.region}`);
    const row: InformingRow = { mo: p.mo, enp: p.enp, fam: card.fam, im: card.im, ...(card.ot ? { ot: card.ot } : {}), dr: card.dr, ...(card.phone ? { phone: card.phone } : {}), group: p.group, date: p.date!, ...(p.time ? { time: p.time } : {}) };
    return { mo: p.mo, enp: p.enp, mark: p.mark, row };
  });
}

/**
 * Streams version `previous + 1` of the SMO's file: XLSX, CSV and (from version 2) the changes to
 * the outbox, the sorted rows to the work bucket, in one pass over the registry. Undefined (nothing
 * written) for a first version without a single person.
 */
async function writeVersion(ref: InformingRef, smo: RegisteredSmo, run: string, previous: InformingVersion | undefined): Promise<InformingVersion | undefined> {
  const entries = informingEntries(ref, smo.code);
  const head: Array<CurrentEntry<InformingRow>> = [];
  if (!previous) {
    // A first version is written only when someone is in it.
    for (let next = await entries.next(); !next.done; next = await entries.next()) {
      head.push(next.value);
      if (next.value.row) break;
    }
    if (!head.some((e) => e.row)) return undefined;
  }
  const version = (previous?.version ?? 0) + 1;
  const fileId = informingFileId(ref.campaignId, ref.region, ref.batch, smo.code, version);
  const keys = {
    xlsx: informingKeys.file(ref, smo.code, version, fileId, 'xlsx'),
    csv: informingKeys.file(ref, smo.code, version, fileId, 'csv'),
    ...(previous ? { changes: informingKeys.file(ref, smo.code, version, fileId, 'changes') } : {}),
  };
  const rowsKey = informingKeys.rows(ref, smo.code, version);
  const outbox = config.bucket('outbox');
  const work = config.bucket('work');
  // Names as the registry has them today; an MO excluded since keeps its shipped name.
  const inForce = await mosInForce(ref.region, regionToday(ref.region));
  const shipped = loadReferenceData().mos;
  const moName = (mo: string): string => inForce.get(mo)?.name ?? shipped.get(mo)?.name ?? '';

  const uploads = {
    xlsx: uploadStream(outbox, keys.xlsx, XLSX),
    csv: uploadStream(outbox, keys.csv, CSV),
    rows: uploadStream(work, rowsKey, 'application/x-ndjson'),
    changes: keys.changes ? uploadStream(outbox, keys.changes, CSV) : undefined,
  };
  const formedAt = new Date().toISOString();
  const book = new InformingWorkbookWriter(uploads.xlsx.stream, { smo: smo.code, batch: ref.batch, version });
  const csv = new Cp1251CsvWriter(uploads.csv.stream);
  const rows = new JsonLinesWriter(uploads.rows.stream);
  const changesCsv = uploads.changes ? new Cp1251CsvWriter(uploads.changes.stream) : undefined;
  const diff = new VersionDiff<InformingRow>(previous ? jsonLines<InformingRow>(await readObject(work, previous.rowsKey)) : undefined);
  /** What changed since the previous version, from the diff's counts (none for a first version). */
  const changesOf = (): ChangeCounts | undefined =>
    previous ? { previousVersion: previous.version, added: diff.counts.added, removed: diff.counts.removed, dateChanged: diff.counts.dateChanged } : undefined;
  const byGroup: Record<string, number> = {};

  const produce = async (): Promise<void> => {
    try {
      await csv.row(CSV_FIELDS);
      await changesCsv?.row(CHANGES_FIELDS);
      const take = async (entry: CurrentEntry<InformingRow>) => {
        const row = entry.row;
        if (row) {
          const name = moName(row.mo);
          await book.add(row, name);
          await csv.row(csvFields(book.rows, row, name));
          await rows.write(row);
          byGroup[row.group] = (byGroup[row.group] ?? 0) + 1;
        }
        for (const change of await diff.push(entry)) await changesCsv?.row(changeFields(change, moName));
      };
      for (const entry of head) await take(entry);
      for await (const entry of entries) await take(entry);
      for (const change of await diff.finish()) await changesCsv?.row(changeFields(change, moName));
      const campaign = await campaignOf(ref.campaignId);
      await book.finish(
        { fileId, smo: smo.code, smoName: smo.name, region: ref.region, campaignId: ref.campaignId, campaignName: campaign?.name ?? '', batch: ref.batch, groups: BATCHES[ref.batch].label, version, formedAt },
        changesOf(),
      );
      await csv.end();
      await rows.end();
      await changesCsv?.end();
    } catch (error) {
      for (const u of Object.values(uploads)) u?.stream.destroy(error as Error);
      throw error;
    }
  };
  await Promise.all([produce(), ...Object.values(uploads).map((u) => u?.done)]);
  const changes = changesOf();
  return { ...ref, fileId, smo: smo.code, version, run, rows: book.rows, byGroup, formedAt, keys, rowsKey, ...(changes ? { changes } : {}) };
}
