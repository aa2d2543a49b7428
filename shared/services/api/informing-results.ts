import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { config } from '../../config.js';
import { signedGetUrl } from '../../adapters/s3-signing.js';
import { latestReport, uploadsOf } from '../../adapters/store/informing-results.js';
import { orgTypeOf, type Principal } from '../../access/model.js';
import type { BatchId, Campaign } from '../../domain/records.js';
import { newUploadId, resultsUploadKey, type ReportScope } from '../../informing/result-keys.js';
import { loadReferenceData } from '../../reference/load.js';
import { campaignOrNotFound } from '../campaigns.js';
import { MAX_API_ROWS, submitResults } from '../informing/results-api.js';
import { requestReport } from '../informing/results-report.js';
import { federalTargets, notInformedPage, regionTargets, smoTargets } from '../informing/results-targets.js';
import { audit } from './audit.js';
import { ApiError, ok, parseBody, principalOf, type ApiRequest, type ApiResponse, type RouteHandler } from './http.js';
import { checkUploadSize, inboxUploadGrant } from './uploads.js';
import { limitQuery, pathRegion } from './params.js';

const RES = '/v1/orgs/{org}/informing-results/{campaignId}';
const TGT = '/v1/orgs/{org}/informing-targets/{campaignId}';
const REGION_TGT = '/v1/campaigns/{campaignId}/regions/{region}/informing-targets';
const FED_TGT = '/v1/campaigns/{campaignId}/informing-targets';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const CONTENT_TYPES = { csv: 'text/csv', xlsx: XLSX } as const;
const DOWNLOAD_SECONDS = 300;

const code = z.union([z.string(), z.number()]);
/**
 * One reported day; a missing or bad value is reported for its row, not for the whole request. A
 * value of the wrong JSON type (ЕНП as a number) refuses the request with a 400 naming row and field.
 */
export const ResultRow = z.object({
  enp: z.string().optional().describe('ЕНП, 16 цифр (строкой: как число он не помещается в JSON без потерь)'),
  date: z.string().optional().describe('Дата информирования: ДД.ММ.ГГГГ или ГГГГ-ММ-ДД'),
  channel: code.optional().describe('Канал: 01 SMS, 02 e-mail, 03 телефон, 04 почта, 06 мессенджер, 07 визит, 11 при обращении в МО/СМО'),
  result: code.optional().describe('Результат: 1 проинформирован, 2 не удалось связаться, 3 отказ от информирования, 4 неверные контактные данные'),
});
export const ResultsRequest = z.object({ rows: z.array(ResultRow).min(1, 'нужна хотя бы одна строка').max(MAX_API_ROWS, `не больше ${MAX_API_ROWS} строк в одном запросе`) });
export const ResultsUploadRequest = z.object({ size: z.number().int().positive(), format: z.enum(['csv', 'xlsx']).optional() });

async function campaignParam(request: ApiRequest): Promise<Campaign> {
  return campaignOrNotFound(request.pathParameters.campaignId ?? '');
}

/** The SMO of the path: a code of F002 (other organizations have no informing results). */
function smoParam(request: ApiRequest): string {
  const org = request.pathParameters.org ?? '';
  if (orgTypeOf(org) !== 'SMO' || !loadReferenceData().smos.has(org)) throw new ApiError(404, 'SMO_NOT_FOUND', `СМО ${org} не найдена в реестре страховых медицинских организаций (F002).`);
  return org;
}


function batchQuery(request: ApiRequest): BatchId {
  const batch = request.query.batch ?? '12';
  if (batch !== '12' && batch !== '34') throw new ApiError(400, 'BAD_BATCH', `Параметр batch: «${batch}» — партия 12 (группы 1–2) или 34 (группы 3–4).`);
  return batch;
}

function groupQuery(request: ApiRequest): number | undefined {
  const group = request.query.group;
  if (group === undefined || group === '') return undefined;
  if (!/^[1-4]$/.test(group)) throw new ApiError(400, 'BAD_GROUP', `Параметр group: «${group}» — группа 1, 2, 3 или 4.`);
  return Number(group);
}

/** The latest report of a scope, with a short signed link once it is written. */
async function reportView(request: ApiRequest, scope: ReportScope, campaign: Campaign, personal: boolean): Promise<ApiResponse> {
  const report = await latestReport(scope, campaign.id);
  if (!report) throw new ApiError(404, 'REPORT_NOT_FOUND', 'Отчёт ещё не запрашивался: запросите его методом POST по этому же адресу.');
  const { key, scope: _s, ...rest } = report;
  if (report.state !== 'READY' || !key) return ok({ report: { ...rest, url: null } });
  if (personal) await audit(request, principalOf(request), 'informing-report-url', report.reportId, 'Отчёт об информировании СМО (лица без информирования)');
  const url = await signedGetUrl(config.bucket('outbox'), key, DOWNLOAD_SECONDS, `Информирование_${scope.kind === 'smo' ? scope.smo : scope.kind === 'region' ? scope.region : 'РФ'}_${campaign.id}.xlsx`);
  return ok({ report: { ...rest, url, expiresInSeconds: DOWNLOAD_SECONDS } });
}

const asked = (p: Principal) => p.snils;

/** Stage 4 (DOMAIN.md §3.7): the SMO's informing results and the 002 targets. Access rules: api-routes.ts. */
export const INFORMING_RESULT_HANDLERS: Record<string, RouteHandler> = {
  [`POST ${RES}`]: async (request) => {
    const smo = smoParam(request);
    const campaign = await campaignParam(request);
    const { rows } = parseBody(ResultsRequest, request.body);
    const outcome = await submitResults({ smo, campaign, rows, requestId: request.requestId, at: new Date() });
    return ok(outcome);
  },

  [`POST ${RES}/uploads`]: async (request) => {
    const smo = smoParam(request);
    const campaign = await campaignParam(request);
    const { size, format = 'csv' } = parseBody(ResultsUploadRequest, request.body);
    const max = config.resultsMaxBytes();
    checkUploadSize(size, max, 'разделите его на несколько файлов');
    // The server picks the key: one new object in this SMO's results folder, nothing else.
    const uploadId = newUploadId(new Date(), randomBytes(4).toString('hex'));
    const key = resultsUploadKey(smo, campaign.id, uploadId, format);
    return inboxUploadGrant(request, {
      key,
      contentType: CONTENT_TYPES[format],
      size,
      maxBytes: max,
      audit: { action: 'informing-results-upload-url', subject: uploadId, reason: `Результаты информирования, ключ ${key}` },
      extra: { uploadId, columns: ['ENP', 'DATE_INF', 'CHANNEL', 'RESULT'] },
    });
  },

  [`GET ${RES}/uploads`]: async (request) => {
    const smo = smoParam(request);
    const campaign = await campaignParam(request);
    const page = await uploadsOf(smo, campaign.id, request.query.cursor);
    // Protocols quote the SMO's rows (personal data): handing out their links is an access.
    if (page.items.some((v) => v.protocolCsvKey)) await audit(request, principalOf(request), 'protocol-url', `${smo}/${campaign.id}`, 'ФЛК-протоколы результатов информирования');
    const outbox = config.bucket('outbox');
    const uploads = await Promise.all(
      page.items.map(async ({ protocolCsvKey, protocolXlsxKey, key: _k, ...v }) => ({
        ...v,
        protocol: protocolCsvKey && protocolXlsxKey ? { csvUrl: await signedGetUrl(outbox, protocolCsvKey), xlsxUrl: await signedGetUrl(outbox, protocolXlsxKey) } : null,
      })),
    );
    return ok({ uploads, cursor: page.cursor ?? null });
  },

  [`GET ${TGT}`]: async (request) => ok(await smoTargets((await campaignParam(request)), smoParam(request))),

  [`GET ${TGT}/not-informed`]: async (request) => {
    const smo = smoParam(request);
    const campaign = await campaignParam(request);
    const batch = batchQuery(request);
    const opts = { cursor: request.query.cursor, limit: limitQuery(request, 100), group: groupQuery(request) };
    // Audit and read run together; nothing is answered unless the access is on record.
    const [page] = await Promise.all([
      notInformedPage({ campaignId: campaign.id, region: smo.slice(0, 2), batch, smo }, opts),
      audit(request, principalOf(request), 'informing-not-informed', `${smo}/${campaign.id}/${batch}`, 'Лица, ещё не проинформированные СМО'),
    ]);
    return ok({ smo, campaignId: campaign.id, batch, persons: page.persons, cursor: page.cursor ?? null });
  },

  [`POST ${TGT}/report`]: async (request) => {
    const report = await requestReport({ kind: 'smo', smo: smoParam(request) }, (await campaignParam(request)).id, asked(principalOf(request)));
    return { statusCode: 202, body: { report: { reportId: report.reportId, state: report.state, requestedAt: report.requestedAt } } };
  },

  [`GET ${TGT}/report`]: async (request) => reportView(request, { kind: 'smo', smo: smoParam(request) }, (await campaignParam(request)), true),

  [`GET ${REGION_TGT}`]: async (request) => ok(await regionTargets((await campaignParam(request)), pathRegion(request).code)),

  [`POST ${REGION_TGT}/report`]: async (request) => {
    const report = await requestReport({ kind: 'region', region: pathRegion(request).code }, (await campaignParam(request)).id, asked(principalOf(request)));
    return { statusCode: 202, body: { report: { reportId: report.reportId, state: report.state, requestedAt: report.requestedAt } } };
  },

  [`GET ${REGION_TGT}/report`]: async (request) => reportView(request, { kind: 'region', region: pathRegion(request).code }, (await campaignParam(request)), false),

  [`GET ${FED_TGT}`]: async (request) => ok(await federalTargets((await campaignParam(request)))),

  [`POST ${FED_TGT}/report`]: async (request) => {
    const report = await requestReport({ kind: 'federal' }, (await campaignParam(request)).id, asked(principalOf(request)));
    return { statusCode: 202, body: { report: { reportId: report.reportId, state: report.state, requestedAt: report.requestedAt } } };
  },

  [`GET ${FED_TGT}/report`]: async (request) => reportView(request, { kind: 'federal' }, (await campaignParam(request)), false),
};
