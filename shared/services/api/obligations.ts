import { z } from 'zod';
import {
  closedObligationsOf,
  getObligation,
  getSchedule,
  markViolation,
  notificationsOf,
  obligationsOfOrg,
  openObligationsOf,
  saveObligation,
  scheduleVersions,
  violationsOfOrg,
  violationsOfRegion,
} from '../../adapters/store/obligations.js';
import { dueLabel, evaluate, OBLIGATION_STATE_RU, type Obligation } from '../../obligations/model.js';
import type { ProductionCalendar } from '../../calendar/production-calendar.js';
import { currentCalendar } from '../calendar.js';
import { scheduleOf } from '../campaigns.js';
import { loadSchedule } from '../obligations/plan.js';
import { campaignProgress } from '../obligations/progress.js';
import { ApiError, created, ok, parseBody, principalOf, type RouteHandler } from './http.js';
import { instantQuery, pathRegion } from './params.js';

const SCHEDULE = '/v1/campaigns/{campaignId}/schedule';
const ORG_OBLIGATIONS = '/v1/orgs/{org}/obligations';

/** An obligation as the API shows it; `calendar` says when its deadline lies in a provisional year. */
function view(ob: Obligation, calendar: ProductionCalendar) {
  const flag = calendar.flagFor([ob.dueDate]);
  return { ...ob, stateLabel: OBLIGATION_STATE_RU[ob.state], due: dueLabel(ob), ...(flag ? { calendar: flag } : {}) };
}

async function views(obligations: Obligation[]) {
  const calendar = await currentCalendar();
  return obligations.map((ob) => view(ob, calendar));
}


/** The shipped schedule file of a campaign no version has been loaded for (undefined once one is). */
async function shippedSchedule(id: string) {
  const current = await scheduleOf(id);
  return current && { schedule: current.schedule, version: current.version, loadedAt: null, loadedBy: null };
}

export const ConfirmRequest = z.object({ note: z.string().trim().min(3, 'опишите, что сделано (не короче 3 символов)').max(1000) });
const Month = /^\d{4}-\d{2}$/;

export const OBLIGATION_HANDLERS: Record<string, RouteHandler> = {
  [`PUT ${SCHEDULE}`]: async (request) => {
    const principal = principalOf(request);
    const result = await loadSchedule(request.pathParameters.campaignId ?? '', request.body, principal.snils, new Date());
    if (!result.ok) throw new ApiError(result.status, 'BAD_SCHEDULE', [result.message, ...(result.errors ?? [])].join('; '));
    return created({ campaignId: result.stored.schedule.campaignId, version: result.stored.version, loadedAt: result.stored.loadedAt, regionsPlanned: result.regions });
  },

  [`GET ${SCHEDULE}`]: async (request) => {
    const id = request.pathParameters.campaignId ?? '';
    // Until FOMS loads a version, the shipped file is in force (version 0): the one to edit first.
    const stored = (await getSchedule(id)) ?? (await shippedSchedule(id));
    if (!stored) throw new ApiError(404, 'NO_SCHEDULE', `График кампании ${id} не загружен.`);
    return ok({ ...stored, source: stored.version ? 'loaded' : 'shipped-file', versions: await scheduleVersions(id) });
  },

  'GET /v1/campaigns/{campaignId}/progress': async (request) => {
    const id = request.pathParameters.campaignId ?? '';
    const progress = await campaignProgress(id, new Date());
    if (!progress) throw new ApiError(404, 'NO_SCHEDULE', `У кампании «${id}» нет графика: она не найдена или график не загружен.`);
    return ok(progress);
  },

  'GET /v1/regions/{region}/obligations': async (request) => {
    const region = pathRegion(request).code;
    const month = request.query.month;
    if (month !== undefined && !Month.test(month)) throw new ApiError(400, 'BAD_MONTH', `Параметр month: «${month}» — месяц ГГГГ-ММ.`);
    const obligations = month ? await closedObligationsOf(region, month) : await openObligationsOf(region);
    obligations.sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id));
    return ok({ region, scope: month ? `закрытые со сроком в ${month}` : 'открытые и просроченные', obligations: await views(obligations) });
  },

  [`GET ${ORG_OBLIGATIONS}`]: async (request) => {
    const page = await obligationsOfOrg(request.pathParameters.org ?? '', request.query.cursor);
    return ok({ obligations: await views(page.obligations), cursor: page.cursor });
  },

  [`POST ${ORG_OBLIGATIONS}/{obligationId}/confirm`]: async (request) => {
    const principal = principalOf(request);
    const { org = '', obligationId = '' } = request.pathParameters;
    const { note } = parseBody(ConfirmRequest, request.body);
    const ob = await getObligation(org, obligationId);
    if (!ob) throw new ApiError(404, 'NO_OBLIGATION', `Обязательство ${obligationId} организации ${org} не найдено.`);
    // A step is confirmed by the party that did it: the route's scope lets a TFOMS act for its
    // region's MOs and FOMS for everyone, but neither may vouch for another's work.
    if (ob.party.code !== principal.org) {
      throw new ApiError(403, 'NOT_OWN_OBLIGATION', `Обязательство «${ob.title}» числится за ${ob.party.code}: подтвердить его может только эта организация.`);
    }
    if (ob.metBy !== 'confirmation') {
      throw new ApiError(409, 'NOT_MANUAL', `Обязательство «${ob.title}» исполняется событием в системе, а не подтверждением.`);
    }
    const now = new Date();
    const confirmation = { by: principal.snils, org: principal.org, at: now.toISOString(), note };
    const outcome = evaluate(ob, { status: 'met', at: confirmation.at, evidence: `подтвердил ${principal.snils} (${principal.org}): ${note}` }, now);
    if (outcome.change !== 'met') throw new ApiError(409, 'ALREADY_DECIDED', `Обязательство уже в состоянии «${OBLIGATION_STATE_RU[ob.state]}».`);
    const next: Obligation = { ...ob, confirmation, state: outcome.state, metAt: outcome.metAt, evidence: outcome.evidence, evaluatedAt: confirmation.at, version: ob.version + 1 };
    if (!(await saveObligation(next, ob.version, true))) throw new ApiError(409, 'CONFLICT', 'Обязательство изменено одновременно; повторите.');
    if (outcome.resolvesViolation) await markViolation(ob.region, ob.id, { resolvedAt: confirmation.at });
    return ok(view(next, await currentCalendar()));
  },

  'GET /v1/regions/{region}/violations': async (request) => {
    const page = await violationsOfRegion(pathRegion(request).code, request.query.cursor);
    return ok(page);
  },

  'GET /v1/orgs/{org}/violations': async (request) => {
    const violations = await violationsOfOrg(request.pathParameters.org ?? '');
    violations.sort((a, b) => b.dueAt.localeCompare(a.dueAt) || a.obligationId.localeCompare(b.obligationId));
    return ok({ violations });
  },

  'GET /v1/orgs/{org}/notifications': async (request) => {
    const since = instantQuery(request, 'since') ?? '';
    return ok({ notifications: await notificationsOf(request.pathParameters.org ?? '', since) });
  },
};
