import { config } from '../../config.js';
import { signedGetUrl } from '../../adapters/s3-signing.js';
import { getFile, listFiles } from '../../adapters/store/files.js';
import { openConflictCounts } from '../../adapters/store/conflicts.js';
import { exclusionsPage, getDecision, regionStats, type PersonCard, type StoredDecision } from '../../adapters/store/groups.js';
import { getPerson, personsByEnp, type StoredPerson } from '../../adapters/store/persons.js';
import { quarantined } from '../../adapters/store/quarantine.js';
import { getPlan } from '../../adapters/store/plans.js';
import { fioOf } from '../../abonent/layout.js';
import { EXCLUSION_LABELS } from '../../domain/groups.js';
import type { FileRecord } from '../../ingest/file-record.js';
import { loadReferenceData } from '../../reference/load.js';
import { allCampaigns, campaignOrNotFound } from '../campaigns.js';
import type { Principal } from '../../access/model.js';
import { audit } from './audit.js';
import { ApiError, ok, principalOf, type ApiRequest, type ApiResponse, type RouteHandler } from './http.js';
import { pathRegion, regionParam, textQuery } from './params.js';

const ENP = /^\d{16}$/;


/** `federal` names the files of FOMS (COVID register extracts); the access rule lets only FOMS in. */
function senderParam(value: string | undefined): string {
  return value === 'federal' ? value : regionParam(value).code;
}

function fileView(file: FileRecord) {
  const { bucket: _b, header: _h, validatedChunks, loadedChunks, ...rest } = file;
  return { ...rest, chunksValidated: validatedChunks?.length ?? 0, chunksLoaded: loadedChunks?.length ?? 0 };
}

/** Stage 1 (DOMAIN.md §2–3): received files and the TFOMS check. Access rules: shared/runtime/api-routes.ts. */
export const STAGE1_HANDLERS: Record<string, RouteHandler> = {
  'GET /v1/regions/{region}/files': async (request) => {
    const sender = senderParam(request.pathParameters.region);
    const page = await listFiles(sender, request.query.cursor);
    return ok({ files: page.files.map(fileView), cursor: page.cursor });
  },

  // Names and keys only, never the content: a quarantined file is read from the inbox by an operator.
  'GET /v1/quarantine': async (request) => ok(await quarantined(request.query.cursor)),

  'GET /v1/regions/{region}/files/{fileId}': async (request) => {
    const caller = principalOf(request);
    const sender = senderParam(request.pathParameters.region);
    const file = await getFile(request.pathParameters.fileId ?? '');
    // A file of another region is as absent as a missing one: ids must not leak across regions.
    if (!file || file.sender !== sender) throw new ApiError(404, 'FILE_NOT_FOUND', `Файл ${request.pathParameters.fileId} не найден в регионе ${sender}.`);
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
    const campaign = await campaignOrNotFound(request.pathParameters.campaignId ?? '');
    const region = pathRegion(request).code;
    const ref = loadReferenceData();
    const [{ stats, shards, errorCount, errors }, conflicts] = await Promise.all([regionStats(campaign.id, region), openConflictCounts(region)]);
    // Persons whose group could not be decided are named by ЕНП: handing them out is an access.
    if (errors.length) await audit(request, principalOf(request), 'recompute-errors', `${campaign.id}/${region}`, 'Проверка списков (этап 1.6)');
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
      errors: { count: errorCount, persons: errors },
      // Open cross-region conflicts by reason: persons this region holds but excluded (counted in `exclusions`),
      // and rows of its exports not loaded because another region holds the ЕНП (GET /v1/regions/{region}/conflicts).
      conflicts,
    });
  },

  'GET /v1/campaigns/{campaignId}/regions/{region}/exclusions': async (request) => {
    const caller = principalOf(request);
    const campaign = await campaignOrNotFound(request.pathParameters.campaignId ?? '');
    const region = pathRegion(request).code;
    // Audit and read run together; nothing is answered unless the access is on record.
    const [, page] = await Promise.all([
      audit(request, caller, 'exclusions-list', `${campaign.id}/${region}`, 'Проверка списков (этап 1.6)'),
      exclusionsPage(campaign.id, region, request.query.cursor),
    ]);
    // A decision carries the card it was made on; one stored before cards existed reads its person,
    // all of those in one BatchGet (never one read per row: the list is asked by many at once).
    const uncarded = page.items.filter((d) => !d.card).map((d) => d.enp);
    const registered = uncarded.length ? await personsByEnp(uncarded) : new Map<string, StoredPerson>();
    const persons = page.items.map((d) => exclusionRow(d, d.card ?? registered.get(d.enp)));
    return ok({ persons, cursor: page.cursor });
  },

  'GET /v1/regions/{region}/persons/{enp}': async (request) => {
    const caller = principalOf(request);
    const region = pathRegion(request).code;
    const enp = request.pathParameters.enp ?? '';
    if (!ENP.test(enp)) throw new ApiError(400, 'BAD_ENP', `Параметр enp: «${enp}» — ЕНП должен состоять из 16 цифр.`);
    const person = await getPerson(enp);
    if (!person || person.region !== region) throw new ApiError(404, 'PERSON_NOT_FOUND', `Застрахованное лицо с ЕНП ${enp} не найдено в регионе ${region}.`);
    await audit(request, caller, 'person-read', enp, textQuery(request, 'reason', 500) ?? 'Проверка списков (этап 1.6)');
    const campaigns = request.query.campaign ? [await campaignOrNotFound(request.query.campaign)] : (await allCampaigns()).filter((c) => c.active);
    const groups = await Promise.all(
      campaigns.map(async (c) => ({ campaignId: c.id, decision: (await getDecision(enp, c.id))?.decision ?? null })),
    );
    // Registry entries of stages 2–3: the planned examination as the MO returned it.
    const plans = (await Promise.all(campaigns.map((c) => getPlan(enp, c.id)))).filter((p) => p !== undefined);
    const { src: _src, contestedBy, ...data } = person;
    // Regions whose exports also carry this ЕНП (open cross-region conflicts: GET /v1/regions/{region}/conflicts).
    return ok({ person: { ...data, contestedBy: [...(contestedBy ?? [])].sort() }, groups, plans });
  },
};

function exclusionRow(d: StoredDecision, who: Pick<PersonCard, 'fam' | 'im' | 'ot' | 'dr'> | undefined) {
  return {
    enp: d.enp,
    fio: who ? fioOf(who) : null,
    dr: who?.dr ?? null,
    mo: d.mo,
    smo: d.smo,
    exclusion: d.decision.eligible ? null : d.decision.exclusion,
    reason: d.decision.reason,
    eligibleFrom: d.decision.eligible ? null : (d.decision.eligibleFrom ?? null),
  };
}

const toGroups = (v: number[]) => ({ '1': v[0] ?? 0, '2': v[1] ?? 0, '3': v[2] ?? 0, '4': v[3] ?? 0 });
