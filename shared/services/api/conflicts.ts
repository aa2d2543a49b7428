import { z } from 'zod';
import { conflictsPage, type Conflict, type ConflictStatus } from '../../adapters/store/conflicts.js';
import { fioOf } from '../../abonent/layout.js';
import { EXCLUSION_LABELS } from '../../domain/groups.js';
import { resolveConflict } from '../conflicts/resolve.js';
import { audit } from './audit.js';
import { ApiError, ok, parseBody, principalOf, type ApiRequest, type RouteHandler } from './http.js';

const REGION = /^\d{2}$/;
export const ResolveRequest = z.object({
  to: z.string().regex(REGION, 'код субъекта РФ из двух цифр'),
  claimant: z.string().regex(REGION, 'код субъекта РФ из двух цифр').optional(),
  comment: z.string().trim().min(3, 'укажите основание решения (не короче 3 символов)').max(1000),
});

function statusQuery(request: ApiRequest): ConflictStatus | undefined {
  const status = request.query.status;
  if (status === undefined) return undefined;
  if (status === 'open' || status === 'resolved') return status === 'open' ? 'OPEN' : 'RESOLVED';
  throw new ApiError(400, 'BAD_STATUS', `Параметр status: «${status.slice(0, 20)}» — допустимо open или resolved.`);
}

/** What a TFOMS or FOMS sees of a conflict: the claimant's row as its export carried it, the holder's record summary. */
function conflictView(c: Conflict) {
  return {
    enp: c.enp,
    status: c.status,
    exclusion: c.reason,
    label: EXCLUSION_LABELS[c.reason],
    holder: { region: c.holder, mo: c.held.mo, smo: c.held.smo, lastVisit: c.held.lastVisit ?? null },
    claimant: {
      region: c.claimant,
      fio: fioOf(c.row),
      dr: c.row.dr,
      w: c.row.w,
      mo: c.row.mo,
      smo: c.row.smo,
      lastVisit: c.row.lastVisit ?? null,
      dDeath: c.row.dDeath ?? null,
      fileId: c.fileId,
      line: c.srcLine,
    },
    openedAt: c.openedAt,
    resolution: c.resolution ?? null,
  };
}

async function listed(request: ApiRequest, region: string | undefined) {
  const status = statusQuery(request);
  // Conflicts name persons (personal data): the read is on record before anything is answered.
  const [, page] = await Promise.all([
    audit(request, principalOf(request), 'conflicts-list', region ?? 'all', 'Межрегиональные конфликты (лицо в двух регионах)'),
    conflictsPage(region, status, request.query.cursor),
  ]);
  return ok({ conflicts: page.conflicts.map(conflictView), cursor: page.cursor });
}

/** Persons in two regions (issue 12 item 7; rule: shared/domain/cross-region.ts). Access rules: api-routes.ts. */
export const CONFLICT_HANDLERS: Record<string, RouteHandler> = {
  'GET /v1/regions/{region}/conflicts': (request) => listed(request, request.pathParameters.region),
  'GET /v1/conflicts': (request) => listed(request, undefined),
  'POST /v1/conflicts/{enp}/resolve': async (request) => {
    const caller = principalOf(request);
    const enp = request.pathParameters.enp ?? '';
    const body = parseBody(ResolveRequest, request.body);
    await audit(request, caller, 'conflict-resolve', enp, body.comment);
    const resolved = await resolveConflict({ enp, ...body, by: caller.snils, org: caller.org });
    return ok({ conflict: conflictView(resolved) });
  },
};
