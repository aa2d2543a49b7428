import type { StageRef } from '../../adapters/store/stages.js';
import { isBatchId } from '../../abonent/stage.js';
import type { Principal } from '../../access/model.js';
import { loadReferenceData } from '../../reference/load.js';
import type { Region } from '../../reference/types.js';
import { batchOf, planOf, type Actor } from '../abonent/campaign.js';
import { pathParamsOf, type HttpRoute } from '../../runtime/declarations.js';
import { isIsoDate } from '../../hospitalization/submission.js';
import { ApiError, type ApiRequest } from './http.js';

/** Who acts, as a stage or registry history records it. */
export const actorOf = (p: Principal): Actor => ({ by: p.snils, org: p.org });

/** A region code of the reference data (F010), else 400. */
export function regionParam(code = ''): Region {
  const region = loadReferenceData().regions.get(code);
  if (!region) throw new ApiError(400, 'BAD_REGION', `Параметр region: «${code}» — не код субъекта РФ (две цифры по F010).`);
  return region;
}

/** The `{region}` of the path: a region of the reference data, else 400. */
export const pathRegion = (request: ApiRequest): Region => regionParam(request.pathParameters.region);

/** `{campaignId}`, `{region}` and `{batch}` of the path: a campaign with a plan, a region, a batch the campaign runs. */
export async function pathStageRef(request: ApiRequest): Promise<StageRef> {
  const { campaignId = '', batch } = request.pathParameters;
  const plan = await planOf(campaignId);
  const region = pathRegion(request).code;
  if (!isBatchId(batch)) throw new ApiError(400, 'BAD_BATCH', `Параметр batch: «${batch ?? ''}» — партия 12 (группы 1–2) или 34 (группы 3–4).`);
  batchOf(plan, campaignId, batch);
  return { campaignId, region, batch };
}

/** Longest part of a bad value quoted back in an error (the value itself may be 5,000 characters). */
const QUOTE_CHARS = 40;

/** A client's value as an error quotes it: cut to QUOTE_CHARS, control characters as «?». */
export function shown(value: string): string {
  const cut = value.length > QUOTE_CHARS ? `${[...value].slice(0, QUOTE_CHARS).join('')}… (${value.length} символов)` : value;
  return cut.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '?');
}

/**
 * Every path parameter against its declared bounds and pattern (HttpRoute.pathParams, else the
 * table in shared/runtime/path-params.ts), before the access check and any store call.
 */
export function checkPathParameters(route: HttpRoute, pathParameters: Record<string, string>): void {
  for (const [name, declared] of Object.entries(pathParamsOf(route))) {
    const value = pathParameters[name] ?? '';
    if (declared?.schema.safeParse(value).success) continue;
    throw new ApiError(400, 'BAD_PATH_PARAMETER', `Параметр пути ${name}: «${shown(value)}» — ${declared?.rule ?? 'не описан в API'}.`);
  }
}

/** A `?name=` day (ГГГГ-ММ-ДД); `fallback` when absent or empty. */
export function dateQuery(request: Pick<ApiRequest, 'query'>, name: string, fallback: string): string {
  const value = request.query[name];
  if (value === undefined || value === '') return fallback;
  if (!isIsoDate(value)) throw new ApiError(400, 'BAD_DATE', `Параметр ${name}: «${shown(value)}» — дата в формате ГГГГ-ММ-ДД.`);
  return value;
}

/** A `?name=` instant (ISO 8601) in UTC's canonical form; undefined when absent or empty. */
export function instantQuery(request: Pick<ApiRequest, 'query'>, name: string): string | undefined {
  const value = request.query[name];
  if (!value) return undefined;
  const t = value.length <= 40 ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(t)) throw new ApiError(400, 'BAD_INSTANT', `Параметр ${name}: «${shown(value)}» — момент ISO 8601, например 2026-12-07T09:00:00Z.`);
  return new Date(t).toISOString();
}

/** A free-text `?name=` (e.g. the reason of a personal-data read), bounded; undefined when absent. */
export function textQuery(request: Pick<ApiRequest, 'query'>, name: string, maxChars: number): string | undefined {
  const value = request.query[name];
  if (value === undefined) return undefined;
  if (value.length > maxChars || /[\u0000-\u001f\u007f]/.test(value)) {
    throw new ApiError(400, 'BAD_QUERY', `Параметр ${name}: текст не длиннее ${maxChars} символов, без управляющих символов.`);
  }
  return value;
}

/** `?limit=`: a whole number 1…`max`; `fallback` when absent. */
export function limitQuery(request: Pick<ApiRequest, 'query'>, fallback = 100, max = 1000): number {
  const raw = request.query.limit;
  if (raw === undefined || raw === '') return fallback;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > max) throw new ApiError(400, 'BAD_LIMIT', `Параметр limit: «${shown(raw)}» — целое от 1 до ${max}.`);
  return limit;
}

/**
 * One page of a list the handler computed whole and in a stable order (e.g. a region's MOs by
 * code): `?cursor=` is the position of the page's first item, as the previous page answered it.
 */
export function pageOf<T>(items: readonly T[], request: Pick<ApiRequest, 'query'>, fallbackLimit: number): { items: T[]; cursor: string | null } {
  const limit = limitQuery(request, fallbackLimit);
  const raw = request.query.cursor;
  const start = raw === undefined || raw === '' ? 0 : /^\d{1,9}$/.test(raw) ? Number(raw) : -1;
  if (start < 0 || start > items.length) throw new ApiError(400, 'INVALID_CURSOR', `Параметр cursor: «${shown(raw ?? '')}» — курсор из предыдущего ответа этого списка.`);
  const end = start + limit;
  return { items: items.slice(start, end), cursor: end < items.length ? String(end) : null };
}
