import type { StageRef } from '../../adapters/store/stages.js';
import { isBatchId } from '../../abonent/stage.js';
import type { Principal } from '../../access/model.js';
import { loadReferenceData } from '../../reference/load.js';
import type { Region } from '../../reference/types.js';
import { planOf, type Actor } from '../abonent/campaign.js';
import { pathParamsOf, type HttpRoute } from '../../runtime/declarations.js';
import { ApiError, type ApiRequest } from './http.js';

/** Who acts, as a stage or registry history records it. */
export const actorOf = (p: Principal): Actor => ({ by: p.snils, org: p.org });

/** The `{region}` of the path: a region of the reference data, else 400. */
export function pathRegion(request: ApiRequest): Region {
  const code = request.pathParameters.region ?? '';
  const region = loadReferenceData().regions.get(code);
  if (!region) throw new ApiError(400, 'BAD_REGION', `Параметр region: «${code}» — не код субъекта РФ.`);
  return region;
}

/** `{campaignId}`, `{region}` and `{batch}` of the path: a campaign with a plan, a region, batch 12 or 34. */
export function pathStageRef(request: ApiRequest): StageRef {
  const { campaignId = '', batch } = request.pathParameters;
  planOf(campaignId);
  const region = pathRegion(request).code;
  if (!isBatchId(batch)) throw new ApiError(400, 'BAD_BATCH', `Параметр batch: «${batch ?? ''}» — партия 12 (группы 1–2) или 34 (группы 3–4).`);
  return { campaignId, region, batch };
}

/** Longest part of a bad value quoted back in an error (the value itself may be 5,000 characters). */
const QUOTE_CHARS = 40;

/**
 * Every path parameter against its declared bounds and pattern (HttpRoute.pathParams, else the
 * table in shared/runtime/path-params.ts), before the access check and any store call.
 */
export function checkPathParameters(route: HttpRoute, pathParameters: Record<string, string>): void {
  for (const [name, declared] of Object.entries(pathParamsOf(route))) {
    const value = pathParameters[name] ?? '';
    if (declared?.schema.safeParse(value).success) continue;
    const quoted = value.length > QUOTE_CHARS ? `${[...value].slice(0, QUOTE_CHARS).join('')}… (${value.length} символов)` : value;
    throw new ApiError(400, 'BAD_PATH_PARAMETER', `Параметр пути ${name}: «${printable(quoted)}» — ${declared?.rule ?? 'не описан в API'}.`);
  }
}

/** Control characters are shown as «?» so an error message stays one readable line. */
const printable = (text: string): string => text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '?');
