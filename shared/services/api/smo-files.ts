import { config } from '../../config.js';
import { signedGetUrl } from '../../adapters/s3-signing.js';
import {
  findVersion,
  getRun,
  getSmoInforming,
  getVersion,
  recordAcknowledgement,
  recordDownload,
  smoInformingOf,
  versionsOfSmo,
  type InformingRef,
  type InformingVersion,
  type SmoInforming,
} from '../../adapters/store/informing.js';
import { listRegisteredSmos, type RegisteredSmo } from '../../adapters/store/smo-registry.js';
import { profilesOf } from '../../adapters/store/users.js';
import { getStage } from '../../adapters/store/stages.js';
import { BATCHES, STAGE_STATE_RU } from '../../abonent/stage.js';
import { orgTypeOf, regionOfOrg, type Principal } from '../../access/model.js';
import { informingDownloadName, type InformingFormat } from '../../informing/files.js';
import { loadReferenceData } from '../../reference/load.js';
import { commandInforming } from '../informing/forming.js';
import { endSmo, reactivateSmo, registerSmo, SmoEnd, SmoReactivation, SmoRegistration, SMO_STATE_RU } from '../informing/smo-registry.js';
import { audit } from './audit.js';
import { ApiError, created, ok, parseBody, principalOf, type ApiRequest, type RouteHandler } from './http.js';
import { actorOf, instantQuery, pathRegion, pathStageRef } from './params.js';

const SMOS = '/v1/regions/{region}/smos';
const STAGE = '/v1/campaigns/{campaignId}/regions/{region}/batches/{batch}';
const FILES = '/v1/orgs/{org}/informing-files';
const DOWNLOAD_SECONDS = 300;
/** «What is new since T» hands back `asOf` this much in the past, so a version published while the list was read is not missed. */
const SINCE_MARGIN_MS = 60_000;



async function smoView(smo: RegisteredSmo) {
  const head = (await profilesOf(smo.code)).find((p) => p.isHead && p.active);
  return {
    code: smo.code,
    name: smo.name,
    contacts: smo.contacts,
    state: smo.state,
    stateLabel: SMO_STATE_RU[smo.state],
    registeredAt: smo.registeredAt,
    activeSince: smo.activeSince,
    endedAt: smo.endedAt ?? null,
    endReason: smo.endReason ?? null,
    // Seed 003: the head is registered by the access route; shown here without personal data.
    headRegistered: !!head,
    headRegisteredAt: head?.createdAt ?? null,
    headRegistration: `POST /v1/regions/${smo.region}/orgs/${smo.code}/head`,
    history: smo.history,
  };
}

function versionView(v: InformingVersion, caller: Principal, current?: SmoInforming) {
  return {
    fileId: v.fileId,
    smo: v.smo,
    campaignId: v.campaignId,
    region: v.region,
    batch: v.batch,
    groups: BATCHES[v.batch].label,
    version: v.version,
    current: current ? current.version === v.version : null,
    rows: v.rows,
    byGroup: v.byGroup,
    formedAt: v.formedAt,
    formats: ['xlsx', 'csv', ...(v.keys.changes ? ['changes'] : [])],
    changes: v.changes ?? null,
    downloaded: !!v.firstDownloadedAt,
    downloadedByMe: !!v.downloadedBy?.has(caller.snils),
    firstDownloadedAt: v.firstDownloadedAt ?? null,
    acknowledged: !!v.acknowledgedAt,
    acknowledgedAt: v.acknowledgedAt ?? null,
  };
}

async function progressView(ref: InformingRef) {
  const [stage, run, items, registered] = await Promise.all([getStage(ref), getRun(ref), smoInformingOf(ref), listRegisteredSmos(ref.region)]);
  const names = new Map(registered.map((s) => [s.code, s.name]));
  const inRun = run ? items.filter((i) => run.smos.includes(i.smo)) : [];
  const count = (status: SmoInforming['status']) => inRun.filter((i) => i.run === run?.run && i.status === status).length;
  const smos = await Promise.all(
    items
      .sort((a, b) => a.smo.localeCompare(b.smo))
      .map(async (i) => {
        const latest = i.version ? await getVersion(ref, i.smo, i.version) : undefined;
        return {
          smo: i.smo,
          name: names.get(i.smo) ?? loadReferenceData().smos.get(i.smo)?.name ?? null,
          inCurrentRun: !!run && i.run === run.run && run.smos.includes(i.smo),
          status: i.status,
          error: i.error ?? null,
          version: i.version,
          fileId: latest?.fileId ?? null,
          rows: latest?.rows ?? null,
          formedAt: latest?.formedAt ?? null,
          changes: latest?.changes ?? null,
          firstDownloadedAt: latest?.firstDownloadedAt ?? null,
          acknowledgedAt: latest?.acknowledgedAt ?? null,
        };
      }),
  );
  const active = new Set(registered.filter((s) => s.state === 'ACTIVE').map((s) => s.code));
  const done = ['FORMED', 'UNCHANGED', 'EMPTY', 'CANCELLED'] as const;
  return {
    ...ref,
    groups: BATCHES[ref.batch].label,
    registryState: stage?.state ?? 'NOT_STARTED',
    registryStateLabel: stage ? STAGE_STATE_RU[stage.state] : 'не начат',
    run: run ? { run: run.run, trigger: run.trigger, by: run.by, org: run.org, smos: run.smos, completedAt: run.completedAt ?? null, firstCompletedAt: run.firstCompletedAt ?? null } : null,
    runs: run?.history ?? [],
    progress: {
      smos: run?.smos.length ?? 0,
      formed: count('FORMED'),
      unchanged: count('UNCHANGED'),
      empty: count('EMPTY'),
      cancelled: count('CANCELLED'),
      pending: (run?.smos.length ?? 0) - done.reduce((a, s) => a + count(s), 0) - count('FAILED'),
      failed: count('FAILED'),
      done: done.reduce((a, s) => a + count(s), 0),
      failures: inRun.filter((i) => i.status === 'FAILED').map((i) => ({ smo: i.smo, error: i.error ?? null, attempts: i.attempts ?? 0 })),
    },
    smos,
    notRegistered: [...loadReferenceData().smos.values()].filter((s) => s.region === ref.region && !active.has(s.code)).map((s) => s.code),
  };
}

/** One of the SMO's own versions; another SMO's id is as absent as an unknown one. */
async function versionOf(request: ApiRequest): Promise<InformingVersion> {
  const { org = '', fileId = '' } = request.pathParameters;
  const v = await findVersion(org, fileId);
  if (!v || v.region !== regionOfOrg(org)) throw new ApiError(404, 'FILE_NOT_FOUND', `Файл ${fileId} не найден у СМО ${org}.`);
  return v;
}

function formatOf(value: string | undefined, v: InformingVersion): InformingFormat {
  const format = (value ?? 'xlsx') as InformingFormat;
  if (format !== 'xlsx' && format !== 'csv' && format !== 'changes') throw new ApiError(400, 'BAD_FORMAT', `Параметр format: «${value}» — xlsx, csv или changes.`);
  if (format === 'changes' && !v.keys.changes) throw new ApiError(404, 'NO_CHANGES_FILE', `У версии ${v.version} нет списка изменений: это первая версия файла.`);
  return format;
}

/** Stage 4: SMO registration (4.1), informing files (4.2/4.4) and the SMO's pull API. Rules: api-routes.ts. */
export const SMO_FILE_HANDLERS: Record<string, RouteHandler> = {
  [`GET ${SMOS}`]: async (request) => {
    const region = pathRegion(request).code;
    const registered = await listRegisteredSmos(region);
    const known = new Set(registered.map((s) => s.code));
    return ok({
      region,
      smos: await Promise.all(registered.sort((a, b) => a.code.localeCompare(b.code)).map(smoView)),
      notRegistered: [...loadReferenceData().smos.values()].filter((s) => s.region === region && !known.has(s.code)).map((s) => ({ code: s.code, name: s.name })),
    });
  },

  [`PUT ${SMOS}/{smo}`]: async (request) => {
    const region = pathRegion(request).code;
    const body = parseBody(SmoRegistration, request.body);
    const result = await registerSmo(region, request.pathParameters.smo ?? '', body, actorOf(principalOf(request)));
    const view = await smoView(result.smo);
    return result.created ? created(view) : ok(view);
  },

  [`POST ${SMOS}/{smo}/end`]: async (request) => {
    const region = pathRegion(request).code;
    const { reason } = parseBody(SmoEnd, request.body);
    return ok(await smoView(await endSmo(region, request.pathParameters.smo ?? '', reason, actorOf(principalOf(request)))));
  },

  [`POST ${SMOS}/{smo}/reactivate`]: async (request) => {
    const region = pathRegion(request).code;
    const { reason } = parseBody(SmoReactivation, request.body);
    return ok(await smoView(await reactivateSmo(region, request.pathParameters.smo ?? '', reason, actorOf(principalOf(request)))));
  },

  [`GET ${STAGE}/informing`]: async (request) => ok(await progressView((await pathStageRef(request)))),

  [`POST ${STAGE}/informing`]: async (request) => {
    const ref = await pathStageRef(request);
    const { run, smos } = await commandInforming(ref, actorOf(principalOf(request)));
    return { statusCode: 202, body: { ...ref, run, smos, progress: `GET /v1/campaigns/${ref.campaignId}/regions/${ref.region}/batches/${ref.batch}/informing` } };
  },

  [`GET ${FILES}`]: async (request) => {
    const caller = principalOf(request);
    const org = request.pathParameters.org ?? '';
    if (orgTypeOf(org) !== 'SMO') throw new ApiError(400, 'BAD_ORG', `Организация «${org}»: файлы для информирования есть только у СМО (код F002, 5 цифр).`);
    const since = instantQuery(request, 'since');
    const { campaign, batch } = request.query;
    const asOf = new Date(Date.now() - SINCE_MARGIN_MS).toISOString();
    const versions = (await versionsOfSmo(org, since)).filter((v) => (!campaign || v.campaignId === campaign) && (!batch || v.batch === batch));
    const current = new Map<string, SmoInforming | undefined>();
    for (const v of versions) {
      const key = `${v.campaignId}#${v.region}#${v.batch}`;
      if (!current.has(key)) current.set(key, await getSmoInforming(v, org));
    }
    return ok({ smo: org, since: since ?? null, asOf, files: versions.map((v) => versionView(v, caller, current.get(`${v.campaignId}#${v.region}#${v.batch}`))) });
  },

  [`GET ${FILES}/{fileId}`]: async (request) => {
    const v = await versionOf(request);
    return ok(versionView(v, principalOf(request), await getSmoInforming(v, v.smo)));
  },

  [`GET ${FILES}/{fileId}/download`]: async (request) => {
    const caller = principalOf(request);
    const v = await versionOf(request);
    const format = formatOf(request.query.format, v);
    const key = format === 'xlsx' ? v.keys.xlsx : format === 'csv' ? v.keys.csv : v.keys.changes!;
    await audit(request, caller, 'informing-download-url', `${v.fileId}/${format}`, `Файл для информирования СМО ${v.smo}, версия ${v.version} (этап 4)`);
    const at = new Date().toISOString();
    // Receipt by the SMO itself (the funds' reads do not count as the SMO having its file).
    if (caller.org === v.smo) await recordDownload(v, caller.snils, at);
    const fileName = informingDownloadName(v.smo, v.batch, v.version, format);
    const url = await signedGetUrl(config.bucket('outbox'), key, DOWNLOAD_SECONDS, fileName);
    return ok({ url, method: 'GET', expiresInSeconds: DOWNLOAD_SECONDS, fileName, format, fileId: v.fileId, version: v.version });
  },

  [`POST ${FILES}/{fileId}/acknowledge`]: async (request) => {
    const caller = principalOf(request);
    const v = await versionOf(request);
    const at = new Date().toISOString();
    if (await recordAcknowledgement(v, caller.snils, at)) return ok({ fileId: v.fileId, version: v.version, acknowledgedAt: at, already: false });
    const current = await getVersion(v, v.smo, v.version);
    if (!current?.firstDownloadedAt) throw new ApiError(409, 'NOT_DOWNLOADED', `Файл ${v.fileId} ещё не скачивали: получите ссылку (…/download) и скачайте файл, затем подтвердите получение.`);
    return ok({ fileId: v.fileId, version: v.version, acknowledgedAt: current.acknowledgedAt ?? at, already: true });
  },
};
