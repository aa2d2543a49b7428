import type { StageRef } from '../../adapters/store/stages.js';
import { isBatchId } from '../../abonent/stage.js';
import type { Principal } from '../../access/model.js';
import { loadReferenceData } from '../../reference/load.js';
import type { Region } from '../../reference/types.js';
import { planOf, type Actor } from '../abonent/campaign.js';
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
