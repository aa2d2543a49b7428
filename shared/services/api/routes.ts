import { config } from '../../config.js';
import { signedGetUrl } from '../../adapters/s3-signing.js';
import { recordAudit } from '../../adapters/store/audit.js';
import { getFile, listFiles } from '../../adapters/store/files.js';
import { exclusionsPage, getDecision, regionStats } from '../../adapters/store/groups.js';
import { getPerson } from '../../adapters/store/persons.js';
import { EXCLUSION_LABELS } from '../../domain/groups.js';
import type { FileRecord } from '../../ingest/file-record.js';
import { loadCampaigns, loadReferenceData } from '../../reference/load.js';
import { ApiError, ok, requireCaller, requireRegionAccess, type ApiRequest, type ApiResponse, type Caller } from './http.js';
import { openApiDocument } from './openapi.js';

type Route = (request: ApiRequest) => Promise<ApiResponse>;

const ENP = /^\d{16}$/;
const REGION = /^\d{2}$/;

function audit(request: ApiRequest, caller: Caller, action: string, subject: string, reason: string) {
  return recordAudit({ at: new Date().toISOString(), actor: caller.sub, org: caller.org, action, subject, reason, requestId: request.requestId });
}

function campaignOf(id: string) {
  const campaign = loadCampaigns().find((c) => c.id === id);
  if (!campaign) throw new ApiError(404, 'CAMPAIGN_NOT_FOUND', `Кампания «${id}» не найдена.`);
  return campaign;
}

function regionParam(value: string | undefined): string {
  if (!value || !REGION.test(value) || !loadReferenceData().regions.has(value)) {
    throw new ApiError(400, 'BAD_REGION', `Параметр region: «${value ?? ''}» — не код субъекта РФ (две цифры по F010).`);
  }
  return value;
}

/** A file's sender is its region; FOMS files (`federal`) are visible to FOMS only. */
function requireFileAccess(caller: Caller, file: FileRecord): void {
  if (file.sender === 'federal' && caller.org !== 'FOMS') {
    throw new ApiError(403, 'FORBIDDEN_FILE', 'Файлы ФОМС доступны только пользователям ФОМС.');
  }
  if (file.sender !== 'federal') requireRegionAccess(caller, file.sender);
}

function fileView(file: FileRecord) {
  const { bucket: _b, header: _h, validatedChunks, loadedChunks, ...rest } = file;
  return { ...rest, chunksValidated: validatedChunks?.length ?? 0, chunksLoaded: loadedChunks?.length ?? 0 };
}

export const ROUTES: Record<string, Route> = {
  'GET /openapi.json': async () => ok(openApiDocument()),

  'GET /v1/files': async (request) => {
    const caller = requireCaller(request);
    const sender = request.query.region ?? (caller.org === 'FOMS' ? 'federal' : caller.org);
    if (sender !== 'federal') requireRegionAccess(caller, regionParam(sender));
    else if (caller.org !== 'FOMS') throw new ApiError(403, 'FORBIDDEN_FILE', 'Файлы ФОМС доступны только пользователям ФОМС.');
    const page = await listFiles(sender, request.query.cursor);
    return ok({ files: page.files.map(fileView), cursor: page.cursor });
  },

  'GET /v1/files/{fileId}': async (request) => {
    const caller = requireCaller(request);
    const file = await getFile(request.pathParameters.fileId ?? '');
    if (!file) throw new ApiError(404, 'FILE_NOT_FOUND', `Файл ${request.pathParameters.fileId} не найден.`);
    requireFileAccess(caller, file);
    const protocol: Record<string, string> = {};
    if (file.protocolCsvKey && file.protocolXlsxKey) {
      // The protocol quotes rows of the file (personal data): handing out its URL is an access.
      await audit(request, caller, 'protocol-url', file.fileId, 'ФЛК-протокол полученного файла');
      protocol.csvUrl = await signedGetUrl(config.bucket('outbox'), file.protocolCsvKey);
      protocol.xlsxUrl = await signedGetUrl(config.bucket('outbox'), file.protocolXlsxKey);
    }
    return ok({ file: fileView(file), protocol });
  },

  'GET /v1/campaigns/{campaignId}/regions/{region}/summary': async (request) => {
    const caller = requireCaller(request);
    const campaign = campaignOf(request.pathParameters.campaignId ?? '');
    const region = regionParam(request.pathParameters.region);
    requireRegionAccess(caller, region);
    const ref = loadReferenceData();
    const { stats, shards } = await regionStats(campaign.id, region);
    const perOrg = (counts: Record<string, number[]>, names: (code: string) => string | undefined) =>
      Object.entries(counts)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([code, byGroup]) => ({ code, name: names(code) ?? null, byGroup: toGroups(byGroup), total: byGroup.reduce((a, b) => a + b, 0) }));
    return ok({
      campaign,
      region: { code: region, name: ref.regions.get(region)?.name },
      computed: shards > 0,
      persons: stats.persons,
      eligible: stats.eligible,
      byGroup: stats.byGroup,
      byMo: perOrg(stats.byMo, (c) => ref.mos.get(c)?.name),
      bySmo: perOrg(stats.bySmo, (c) => ref.smos.get(c)?.name),
      exclusions: Object.entries(stats.exclusions).map(([code, count]) => ({ code, label: EXCLUSION_LABELS[code as keyof typeof EXCLUSION_LABELS] ?? code, count })),
    });
  },

  'GET /v1/campaigns/{campaignId}/regions/{region}/exclusions': async (request) => {
    const caller = requireCaller(request);
    const campaign = campaignOf(request.pathParameters.campaignId ?? '');
    const region = regionParam(request.pathParameters.region);
    requireRegionAccess(caller, region);
    await audit(request, caller, 'exclusions-list', `${campaign.id}/${region}`, 'Проверка списков (этап 1.6)');
    const page = await exclusionsPage(campaign.id, region, request.query.cursor);
    const persons = await Promise.all(
      page.items.map(async (d) => {
        const person = await getPerson(d.enp);
        return {
          enp: d.enp,
          fio: person ? [person.fam, person.im, person.ot].filter(Boolean).join(' ') : null,
          dr: person?.dr ?? null,
          mo: d.mo,
          smo: d.smo,
          exclusion: d.decision.eligible ? null : d.decision.exclusion,
          reason: d.decision.reason,
          eligibleFrom: d.decision.eligible ? null : (d.decision.eligibleFrom ?? null),
        };
      }),
    );
    return ok({ persons, cursor: page.cursor });
  },

  'GET /v1/persons/{enp}': async (request) => {
    const caller = requireCaller(request);
    const enp = request.pathParameters.enp ?? '';
    if (!ENP.test(enp)) throw new ApiError(400, 'BAD_ENP', `Параметр enp: «${enp}» — ЕНП должен состоять из 16 цифр.`);
    const person = await getPerson(enp);
    if (!person) throw new ApiError(404, 'PERSON_NOT_FOUND', `Застрахованное лицо с ЕНП ${enp} не найдено.`);
    requireRegionAccess(caller, person.region);
    await audit(request, caller, 'person-read', enp, request.query.reason ?? 'Проверка списков (этап 1.6)');
    const campaigns = request.query.campaign ? [campaignOf(request.query.campaign)] : loadCampaigns().filter((c) => c.active);
    const groups = await Promise.all(
      campaigns.map(async (c) => ({ campaignId: c.id, decision: (await getDecision(enp, c.id))?.decision ?? null })),
    );
    const { src: _src, ...data } = person;
    return ok({ person: data, groups });
  },
};

const toGroups = (v: number[]) => ({ '1': v[0] ?? 0, '2': v[1] ?? 0, '3': v[2] ?? 0, '4': v[3] ?? 0 });
