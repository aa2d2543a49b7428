import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { config } from '../../config.js';
import { signedGetUrl } from '../../adapters/s3-signing.js';
import { putReturnGrant } from '../../adapters/store/return-grants.js';
import { filesOfMo, findMoFile, getStage, moFilesOf, moFilesPage, returnsOf, type MoFile, type Stage, type StageRef } from '../../adapters/store/stages.js';
import { abonentKeys, downloadName } from '../../abonent/keys.js';
import { acceptsReturns, BATCHES, STAGE_STATE_RU } from '../../abonent/stage.js';
import { isLate, isMoFilter, MO_FILTERS, RETURN_STATE_RU, returnStateOf } from '../../abonent/return-state.js';
import { deadlineInstant } from '../../calendar/production-calendar.js';
import { regionOfOrg } from '../../access/model.js';
import { loadReferenceData } from '../../reference/load.js';
import { batchOf, planOf } from '../abonent/campaign.js';
import { startForming } from '../abonent/forming.js';
import { approveRegistry, formRegistry, reopenStage } from '../abonent/registry.js';
import { audit } from './audit.js';
import { ApiError, ok, parseBody, principalOf, type ApiRequest, type RouteHandler } from './http.js';
import { checkUploadSize, inboxUploadGrant } from './uploads.js';
import { actorOf, limitQuery, pathStageRef, shown } from './params.js';

const STAGE = '/v1/campaigns/{campaignId}/regions/{region}/batches/{batch}';
const AP = '/v1/orgs/{org}/abonent-files';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DOWNLOAD_SECONDS = 300;
/** Without `?limit=`, the MO list comes whole for regions up to this size (every region of the seeds). */
const MOS_PAGE_DEFAULT = 1000;

/** A batch's dates from the campaign's schedule in force (shared/services/campaigns.ts). */
async function datesOf(ref: Pick<StageRef, 'campaignId' | 'batch'>) {
  return batchOf(await planOf(ref.campaignId), ref.campaignId, ref.batch);
}

/** x.2's deadline: the end (24:00) of the `returnBy` day on the region's clock. */
function returnDeadlineOf(region: string, returnBy: string) {
  const timeZone = loadReferenceData().regions.get(region)!.timeZone;
  return { date: returnBy, time: '24:00', timeZone, at: deadlineInstant(returnBy, '24:00', timeZone) };
}

async function stageView(ref: StageRef, stage: Stage | undefined, files?: MoFile[]) {
  const dates = await datesOf(ref);
  const view = {
    ...ref,
    groups: BATCHES[ref.batch].label,
    schedule: dates,
    state: stage?.state ?? 'NOT_STARTED',
    stateLabel: stage ? STAGE_STATE_RU[stage.state] : 'не начат',
    history: stage?.history ?? [],
    finalListReady: !!stage?.finalListKey,
    returnDeadline: returnDeadlineOf(ref.region, dates.returnBy),
  };
  if (!files) return view;
  const count = (status: MoFile['status']) => files.filter((f) => f.status === status).length;
  const now = new Date();
  return {
    ...view,
    progress: {
      mos: files.length,
      formed: count('FORMED'),
      empty: count('EMPTY'),
      pending: count('PENDING'),
      failed: count('FAILED'),
      done: count('FORMED') + count('EMPTY'),
      returned: files.filter((f) => f.returned).length,
      late: files.filter((f) => isLate(returnStateOf(f, view.returnDeadline.at, now))).length,
      failures: files.filter((f) => f.status === 'FAILED').map((f) => ({ mo: f.mo, error: f.error, attempts: f.attempts ?? 0 })),
    },
  };
}

function moFileView(f: MoFile, stage: Stage | undefined, returnBy: string) {
  return {
    fileId: f.fileId,
    campaignId: f.campaignId,
    region: f.region,
    batch: f.batch,
    groups: BATCHES[f.batch].label,
    status: f.status,
    rows: f.rows ?? null,
    formedAt: f.formedAt ?? null,
    returnBy,
    acceptsReturns: f.status === 'FORMED' && acceptsReturns(stage?.state),
    lastAcceptedReturn: f.returned ?? null,
    finalListReady: !!f.finalKey,
  };
}

/** The MO's own file; another MO's id is as absent as an unknown one. */
async function moFileOf(request: ApiRequest): Promise<MoFile> {
  const { org = '', fileId = '' } = request.pathParameters;
  const file = await findMoFile(org, fileId);
  if (!file || file.region !== regionOfOrg(org)) throw new ApiError(404, 'FILE_NOT_FOUND', `Файл ${fileId} не найден у МО ${org}.`);
  return file;
}

export const ReturnRequest = z.object({
  size: z.number().int().positive(),
  contentType: z.literal(XLSX).optional(),
});
export const ReopenRequest = z.object({ reason: z.string().trim().min(3, 'укажите причину (не короче 3 символов)').max(1000) });

/** Stages 2–3: the funds' commands and checks, the MO's files through signed URLs. Rules: api-routes.ts. */
export const ABONENT_HANDLERS: Record<string, RouteHandler> = {
  [`GET ${STAGE}`]: async (request) => {
    const ref = await pathStageRef(request);
    return ok(await stageView(ref, await getStage(ref), await moFilesOf(ref)));
  },

  [`GET ${STAGE}/mos`]: async (request) => {
    const ref = await pathStageRef(request);
    const only = request.query.only || undefined;
    if (only !== undefined && !isMoFilter(only)) throw new ApiError(400, 'BAD_FILTER', `Параметр only: «${shown(only)}» — late (не вернули в срок) или failed (файл не сформирован).`);
    const { returnBy } = await datesOf(ref);
    const deadline = returnDeadlineOf(ref.region, returnBy);
    const now = new Date();
    const filter = only !== undefined && isMoFilter(only) ? MO_FILTERS[only] : undefined;
    const keep = filter && ((f: MoFile) => filter(f, deadline.at, now));
    const page = await moFilesPage(ref, { limit: limitQuery(request, MOS_PAGE_DEFAULT), cursor: request.query.cursor, keep });
    const names = loadReferenceData().mos;
    const mos = page.files.map((f) => {
      const returnState = returnStateOf(f, deadline.at, now);
      return { mo: f.mo, name: names.get(f.mo)?.name ?? null, ...moFileView(f, undefined, returnBy), error: f.error ?? null, returnState, returnStateLabel: RETURN_STATE_RU[returnState] };
    });
    return ok({ returnDeadline: deadline, mos, cursor: page.cursor ?? null });
  },

  [`POST ${STAGE}/forming`]: async (request) => {
    const ref = await pathStageRef(request);
    const stage = await startForming(ref, actorOf(principalOf(request)));
    return { statusCode: 202, body: await stageView(ref, stage) };
  },

  [`POST ${STAGE}/registry`]: async (request) => {
    const ref = await pathStageRef(request);
    const stage = await formRegistry(ref, actorOf(principalOf(request)));
    return ok({ ...(await stageView(ref, stage)), registry: stage.registry });
  },

  [`GET ${STAGE}/registry`]: async (request) => {
    const ref = await pathStageRef(request);
    const stage = await getStage(ref);
    if (!stage?.registry) throw new ApiError(404, 'REGISTRY_NOT_FORMED', `Реестр партии ${ref.batch} региона ${ref.region} ещё не сформирован (этап: ${stage ? STAGE_STATE_RU[stage.state] : 'не начат'}).`);
    const names = loadReferenceData().mos;
    const registry = { ...stage.registry, mos: stage.registry.mos.map((m) => ({ ...m, name: names.get(m.mo)?.name ?? null })) };
    return ok({ ...(await stageView(ref, stage)), registry });
  },

  [`POST ${STAGE}/registry/approve`]: async (request) => {
    const ref = await pathStageRef(request);
    return ok(await stageView(ref, await approveRegistry(ref, actorOf(principalOf(request)))));
  },

  [`POST ${STAGE}/reopen`]: async (request) => {
    const ref = await pathStageRef(request);
    const { reason } = parseBody(ReopenRequest, request.body);
    return ok(await stageView(ref, await reopenStage(ref, actorOf(principalOf(request)), reason)));
  },

  [`GET ${STAGE}/final-list`]: async (request) => {
    const ref = await pathStageRef(request);
    const stage = await getStage(ref);
    if (!stage?.finalListKey) throw new ApiError(404, 'FINAL_LIST_NOT_READY', 'Итоговый список региона ещё не сформирован: реестр не утверждён или список в работе.');
    await audit(request, principalOf(request), 'final-list-url', `${ref.campaignId}/${ref.region}/${ref.batch}`, 'Итоговый список региона (x.5)');
    const url = await signedGetUrl(config.bucket('outbox'), stage.finalListKey, DOWNLOAD_SECONDS, `Итоговый_список_${ref.region}_партия_${ref.batch}.xlsx`);
    return ok({ url, expiresInSeconds: DOWNLOAD_SECONDS });
  },

  [`GET ${AP}`]: async (request) => {
    const files = await filesOfMo(request.pathParameters.org ?? '');
    // The deadline the MO is shown is the schedule's in force (a step FOMS moved moves it here).
    const batches = new Map<string, { stage: Stage | undefined; returnBy: string }>();
    for (const f of files) {
      const key = `${f.campaignId}#${f.batch}`;
      if (!batches.has(key)) batches.set(key, { stage: await getStage(f), returnBy: (await datesOf(f)).returnBy });
    }
    const view = (f: MoFile) => {
      const { stage, returnBy } = batches.get(`${f.campaignId}#${f.batch}`)!;
      return moFileView(f, stage, returnBy);
    };
    return ok({ files: files.filter((f) => f.status !== 'PENDING').map(view) });
  },

  [`GET ${AP}/{fileId}/download`]: async (request) => {
    const file = await moFileOf(request);
    if (file.status !== 'FORMED' || !file.key) throw new ApiError(409, 'FILE_NOT_READY', `Файл ${file.fileId} ещё не сформирован (состояние: ${file.status}).`);
    await audit(request, principalOf(request), 'abonent-download-url', file.fileId, 'Абонентский пункт МО (x.1)');
    const url = await signedGetUrl(config.bucket('outbox'), file.key, DOWNLOAD_SECONDS, downloadName('abonent', file.mo, file.batch));
    return ok({ url, method: 'GET', expiresInSeconds: DOWNLOAD_SECONDS, fileName: downloadName('abonent', file.mo, file.batch) });
  },

  [`POST ${AP}/{fileId}/returns`]: async (request) => {
    const file = await moFileOf(request);
    const { size } = parseBody(ReturnRequest, request.body);
    const max = config.returnMaxBytes();
    checkUploadSize(size, max);
    if (file.status !== 'FORMED') throw new ApiError(409, 'FILE_NOT_READY', `Файл ${file.fileId} ещё не сформирован (состояние: ${file.status}).`);
    const stage = await getStage(file);
    if (!acceptsReturns(stage?.state)) {
      throw new ApiError(409, 'STAGE_CLOSED', `Приём заполненных файлов закрыт: ${stage ? STAGE_STATE_RU[stage.state] : 'этап не начат'}.`);
    }
    // The server picks the key: one new object under this MO's returns of this file, nothing else,
    // whoever loads it (the MO, or its TFOMS for it: seed 000 2.3/3.3) — same checks, same protocol.
    const caller = principalOf(request);
    const at = new Date().toISOString();
    const uploadId = `${at.replace(/[-:.]/g, '')}-${randomBytes(4).toString('hex')}`;
    const key = abonentKeys.returnUpload(file.region, file.mo, file.fileId, uploadId);
    const onBehalf = caller.org !== file.mo;
    await putReturnGrant(key, { org: caller.org, by: caller.snils, at, onBehalf });
    const grant = onBehalf
      ? { action: 'abonent-upload-url-for-mo', reason: `ТФОМС ${caller.org} загружает заполненный файл за МО ${file.mo} (п. 2.3/3.3), ключ ${key}` }
      : { action: 'abonent-upload-url', reason: `Возврат абонентского пункта, ключ ${key}` };
    return inboxUploadGrant(request, { key, contentType: XLSX, size, maxBytes: max, audit: { ...grant, subject: file.fileId }, extra: { loadedBy: { org: caller.org, onBehalf } } });
  },

  [`GET ${AP}/{fileId}/returns`]: async (request) => {
    const file = await moFileOf(request);
    const views = await returnsOf(file);
    const withProtocols = views.some((v) => v.protocolCsvKey);
    // Protocols quote the MO's rows (personal data): handing out their links is an access.
    if (withProtocols) await audit(request, principalOf(request), 'protocol-url', file.fileId, 'ФЛК-протоколы возвращённого абонентского пункта');
    const outbox = config.bucket('outbox');
    const returns = await Promise.all(
      views.map(async ({ protocolCsvKey, protocolXlsxKey, ...v }) => ({
        ...v,
        protocol: protocolCsvKey && protocolXlsxKey ? { csvUrl: await signedGetUrl(outbox, protocolCsvKey), xlsxUrl: await signedGetUrl(outbox, protocolXlsxKey) } : null,
      })),
    );
    return ok({ fileId: file.fileId, returns });
  },

  [`GET ${AP}/{fileId}/final-list`]: async (request) => {
    const file = await moFileOf(request);
    if (!file.finalKey) throw new ApiError(404, 'FINAL_LIST_NOT_READY', 'Итоговый список МО ещё не сформирован: реестр не утверждён ТФОМС.');
    await audit(request, principalOf(request), 'final-list-url', file.fileId, 'Итоговый список МО (x.5)');
    const url = await signedGetUrl(config.bucket('outbox'), file.finalKey, DOWNLOAD_SECONDS, downloadName('final', file.mo, file.batch));
    return ok({ url, method: 'GET', expiresInSeconds: DOWNLOAD_SECONDS });
  },
};
