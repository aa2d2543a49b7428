import { describe, expect, it } from 'vitest';
import { ROLES, type Authority, type Principal, type Role } from '../../../shared/access/model.js';
import { decide } from '../../../shared/access/rules.js';
import { API_ROUTES } from '../../../shared/runtime/api-routes.js';
import { targetOf } from '../../../shared/services/api/authorize.js';
import { HANDLERS } from '../../../shared/services/api/routes.js';

/**
 * Every route × every kind of caller: FOMS, a TFOMS of the target region and of another, the
 * head of the target MO / of another MO / of an MO of another region, staff of the target MO
 * with each authority and role, an SMO head, a user whose access ended, a stranger. The expected
 * outcomes are written out by hand below; a route missing from EXPECTED fails the suite.
 */
const TARGET = { region: '77', mo: '771001', otherMo: '771004', otherRegionMo: '231001', smo: '77008' };

const person = (org: string, extra: Partial<Principal> = {}): Principal => ({
  snils: '11223344595',
  fio: 'Тест',
  org,
  isHead: false,
  grants: [],
  active: true,
  ...extra,
});
const staff = (authority: Authority, role: Role, org = TARGET.mo) => person(org, { grants: [{ authority, role }] });
const slug = (role: Role) => ({ 'Ввод данных': 'input', Согласование: 'approve', Утверждение: 'sign', Просмотр: 'view' })[role];

const CALLERS: Record<string, Principal | undefined> = {
  foms: person('FOMS'),
  tfomsOwn: person(TARGET.region),
  tfomsOther: person('23'),
  headOwn: person(TARGET.mo, { isHead: true }),
  headOtherMo: person(TARGET.otherMo, { isHead: true }),
  headOtherRegion: person(TARGET.otherRegionMo, { isHead: true }),
  ...Object.fromEntries((['A', 'B'] as const).flatMap((a) => ROLES.map((r) => [`${a}-${slug(r)}`, staff(a, r)]))),
  'B-sign-otherMo': staff('B', 'Утверждение', TARGET.otherMo),
  smoHead: person(TARGET.smo, { isHead: true }),
  // Stage 4: staff of the target SMO (a role under either authority, or none), another SMO's head.
  'smo-view': staff('A', 'Просмотр', TARGET.smo),
  'smo-input': staff('B', 'Ввод данных', TARGET.smo),
  smoNoRole: person(TARGET.smo),
  smoOtherHead: person('77011', { isHead: true }),
  ended: person(TARGET.mo, { isHead: true, active: false }),
  stranger: undefined,
};

const FUNDS = ['foms', 'tfomsOwn'];
const EVERY_REGISTERED = Object.keys(CALLERS).filter((c) => c !== 'ended' && c !== 'stranger' && c !== 'tfomsOther');
const USER_ADMINS = ['headOwn', 'B-sign'];
const MO_READERS = [...FUNDS, 'headOwn', ...(['A', 'B'] as const).flatMap((a) => ROLES.map((r) => `${a}-${slug(r)}`))];
const STAGE = '/v1/campaigns/{campaignId}/regions/{region}/batches/{batch}';
const SMO_READERS = [...FUNDS, 'smoHead', 'smo-view', 'smo-input'];

/** Who is allowed; everyone else must be refused. */
const EXPECTED: Record<string, string[]> = {
  'GET /v1/me': [...EVERY_REGISTERED, 'tfomsOther'],
  'GET /v1/regions/{region}/files': FUNDS,
  'GET /v1/regions/{region}/files/{fileId}': FUNDS,
  'POST /v1/regions/{region}/files/uploads': FUNDS,
  'POST /v1/regions/{region}/files/uploads/{uploadId}/parts': FUNDS,
  'POST /v1/regions/{region}/files/uploads/{uploadId}/complete': FUNDS,
  'GET /v1/campaigns/{campaignId}/regions/{region}/summary': FUNDS,
  'GET /v1/campaigns/{campaignId}/regions/{region}/exclusions': FUNDS,
  'GET /v1/regions/{region}/persons/{enp}': FUNDS,
  // Persons in two regions: each party's TFOMS sees its conflicts, FOMS all of them and alone decides.
  'GET /v1/regions/{region}/conflicts': FUNDS,
  'GET /v1/conflicts': ['foms'],
  'POST /v1/conflicts/{enp}/resolve': ['foms'],
  'POST /v1/funds/{org}/users': ['foms'],
  'POST /v1/regions/{region}/orgs/{org}/head': FUNDS,
  'GET /v1/orgs/{org}/users': [...FUNDS, 'headOwn', 'B-input', 'B-approve', 'B-sign', 'B-view'],
  'POST /v1/orgs/{org}/users': USER_ADMINS,
  'PUT /v1/orgs/{org}/users/{snils}/grants/{authority}': USER_ADMINS,
  'DELETE /v1/orgs/{org}/users/{snils}/grants/{authority}': USER_ADMINS,
  'DELETE /v1/orgs/{org}/users/{snils}': [...FUNDS, ...USER_ADMINS],
  'GET /v1/orgs/{org}/audit': FUNDS,
  'GET /v1/quarantine': ['foms'],
  // Document routes, aimed at an A-notification of the target MO.
  'POST /v1/orgs/{org}/documents/{kind}': ['headOwn', 'A-input'],
  'GET /v1/orgs/{org}/documents/{kind}': [...FUNDS, 'headOwn', 'A-input', 'A-approve', 'A-sign', 'A-view'],
  'GET /v1/orgs/{org}/documents/{kind}/{docId}': [...FUNDS, 'headOwn', 'A-input', 'A-approve', 'A-sign', 'A-view'],
  'PUT /v1/orgs/{org}/documents/{kind}/{docId}': ['headOwn', 'A-input'],
  'POST /v1/orgs/{org}/documents/{kind}/{docId}/approve': ['headOwn', 'A-approve'],
  'POST /v1/orgs/{org}/documents/{kind}/{docId}/return': ['headOwn', 'A-approve', 'A-sign'],
  'POST /v1/orgs/{org}/documents/{kind}/{docId}/attachments': ['headOwn', 'A-sign'],
  'POST /v1/orgs/{org}/documents/{kind}/{docId}/sign': ['headOwn', 'A-sign'],
  'POST /v1/orgs/{org}/documents/{kind}/{docId}/send': ['headOwn', 'A-approve', 'A-sign'],
  'POST /v1/orgs/{org}/documents/{kind}/{docId}/decision': FUNDS,
  'GET /v1/regions/{region}/documents': FUNDS,
  'GET /v1/regions/{region}/mo-registry': FUNDS,
  'GET /v1/regions/{region}/mo-registry/{mo}': FUNDS,
  // Stages 2–3: funds' commands; the MO's own files for any of its users; returns need an input/sign role,
  // or the TFOMS of the MO's region loading for it (seed 000 2.3/3.3) — never FOMS, another region, an SMO.
  [`GET ${STAGE}`]: FUNDS,
  [`GET ${STAGE}/mos`]: FUNDS,
  [`POST ${STAGE}/forming`]: FUNDS,
  [`POST ${STAGE}/registry`]: ['foms'],
  [`GET ${STAGE}/registry`]: FUNDS,
  [`POST ${STAGE}/registry/approve`]: FUNDS,
  [`POST ${STAGE}/reopen`]: ['foms'],
  [`GET ${STAGE}/final-list`]: FUNDS,
  'GET /v1/orgs/{org}/abonent-files': MO_READERS,
  'GET /v1/orgs/{org}/abonent-files/{fileId}/download': MO_READERS,
  'POST /v1/orgs/{org}/abonent-files/{fileId}/returns': ['tfomsOwn', 'headOwn', 'A-input', 'A-sign', 'B-input', 'B-sign'],
  'GET /v1/orgs/{org}/abonent-files/{fileId}/returns': MO_READERS,
  'GET /v1/orgs/{org}/abonent-files/{fileId}/final-list': MO_READERS,
  // Obligations: FOMS loads schedules; funds see a region; every organization sees its own duties
  // and notifications; only the funds confirm the manual steps (their own, checked by the handler).
  // Campaigns: only FOMS creates one (with its schedule); every registered user reads them and their dates.
  'POST /v1/campaigns': ['foms'],
  'GET /v1/campaigns': [...EVERY_REGISTERED, 'tfomsOther'],
  'GET /v1/campaigns/{campaignId}': [...EVERY_REGISTERED, 'tfomsOther'],
  'PUT /v1/campaigns/{campaignId}/schedule': ['foms'],
  'GET /v1/campaigns/{campaignId}/schedule': [...FUNDS, 'tfomsOther'],
  'GET /v1/campaigns/{campaignId}/progress': ['foms'],
  'GET /v1/regions/{region}/obligations': FUNDS,
  'GET /v1/orgs/{org}/obligations': MO_READERS,
  'POST /v1/orgs/{org}/obligations/{obligationId}/confirm': FUNDS,
  'GET /v1/regions/{region}/violations': FUNDS,
  'GET /v1/orgs/{org}/notifications': MO_READERS,
  'GET /v1/orgs/{org}/violations': MO_READERS,
  // Stage 4: the funds register SMOs and form files; the target SMO's files for its users with a
  // role (heads: every role), its TFOMS and FOMS; only the SMO's own users acknowledge receipt.
  'GET /v1/regions/{region}/smos': FUNDS,
  'PUT /v1/regions/{region}/smos/{smo}': FUNDS,
  'POST /v1/regions/{region}/smos/{smo}/end': FUNDS,
  'POST /v1/regions/{region}/smos/{smo}/reactivate': FUNDS,
  [`GET ${STAGE}/informing`]: FUNDS,
  [`POST ${STAGE}/informing`]: FUNDS,
  'GET /v1/orgs/{org}/informing-files': SMO_READERS,
  'GET /v1/orgs/{org}/informing-files/{fileId}': SMO_READERS,
  'GET /v1/orgs/{org}/informing-files/{fileId}/download': SMO_READERS,
  'POST /v1/orgs/{org}/informing-files/{fileId}/acknowledge': ['smoHead', 'smo-input'],
  // Informing results (DOMAIN.md §3.7): the target SMO's head or «Ввод данных»/«Утверждение» staff report;
  // its users with a role, its TFOMS and FOMS see its targets; funds see a region; FOMS every region.
  'POST /v1/orgs/{org}/informing-results/{campaignId}': ['smoHead', 'smo-input'],
  'POST /v1/orgs/{org}/informing-results/{campaignId}/uploads': ['smoHead', 'smo-input'],
  'GET /v1/orgs/{org}/informing-results/{campaignId}/uploads': SMO_READERS,
  'GET /v1/orgs/{org}/informing-targets/{campaignId}': SMO_READERS,
  'GET /v1/orgs/{org}/informing-targets/{campaignId}/not-informed': SMO_READERS,
  'POST /v1/orgs/{org}/informing-targets/{campaignId}/report': SMO_READERS,
  'GET /v1/orgs/{org}/informing-targets/{campaignId}/report': SMO_READERS,
  'GET /v1/campaigns/{campaignId}/regions/{region}/informing-targets': FUNDS,
  'POST /v1/campaigns/{campaignId}/regions/{region}/informing-targets/report': FUNDS,
  'GET /v1/campaigns/{campaignId}/regions/{region}/informing-targets/report': FUNDS,
  'GET /v1/campaigns/{campaignId}/informing-targets': ['foms'],
  'POST /v1/campaigns/{campaignId}/informing-targets/report': ['foms'],
  'GET /v1/campaigns/{campaignId}/informing-targets/report': ['foms'],
  // Planned hospitalization (seed 004): the target MO's head or «Ввод данных»/«Утверждение» staff submit;
  // any user of the MO, its TFOMS and FOMS read its receipts; free beds are open to every MO of the
  // region (a referring doctor), not to SMOs or other regions; compliance is the funds'.
  'POST /v1/orgs/{org}/hospitalization/submissions': ['headOwn', 'A-input', 'A-sign', 'B-input', 'B-sign'],
  'GET /v1/orgs/{org}/hospitalization/form': MO_READERS,
  'GET /v1/orgs/{org}/hospitalization/submissions': MO_READERS,
  'POST /v1/orgs/{org}/hospitalization/uploads': ['headOwn', 'A-input', 'A-sign', 'B-input', 'B-sign'],
  'GET /v1/regions/{region}/hospitalization/free-beds': [...MO_READERS, 'headOtherMo', 'B-sign-otherMo'],
  'GET /v1/regions/{region}/hospitalization/compliance': FUNDS,
  // Production calendar: every registered user reads any year; only FOMS loads a decree.
  'GET /v1/calendar/{year}': [...EVERY_REGISTERED, 'tfomsOther'],
  'PUT /v1/calendar/{year}': ['foms'],
  'GET /v1/regions/{region}/target-reports': FUNDS,
  'POST /v1/regions/{region}/target-reports/{reportId}/{period}': FUNDS,
  'GET /v1/regions/{region}/target-reports/{reportId}/{period}': FUNDS,
};

/** Path parameters aimed at the target MO of region 77 (funds routes: the TFOMS of 77; SMO files: the target SMO). */
function paramsOf(path: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [, name] of path.matchAll(/\{(\w+)\}/g)) {
    const org = path.startsWith('/v1/funds/') ? TARGET.region : /^\/v1\/orgs\/\{org\}\/informing-(files|results|targets)/.test(path) ? TARGET.smo : TARGET.mo;
    params[name!] = { region: TARGET.region, org, kind: 'A', authority: 'A' }[name!] ?? 'x';
  }
  return params;
}

describe('access matrix (route × caller)', () => {
  const routes = API_ROUTES.filter((r) => !r.access.public);

  it('has a handler for every declared route and a declaration for every handler', () => {
    const keys = API_ROUTES.map((r) => `${r.method} ${r.path}`);
    expect(keys.filter((k) => !HANDLERS[k])).toEqual([]);
    expect(Object.keys(HANDLERS).filter((k) => !keys.includes(k))).toEqual([]);
  });

  it('has an expectation for every declared route and no stale ones', () => {
    const keys = routes.map((r) => `${r.method} ${r.path}`);
    expect(keys.filter((k) => !EXPECTED[k])).toEqual([]);
    expect(Object.keys(EXPECTED).filter((k) => !keys.includes(k))).toEqual([]);
  });

  for (const route of routes) {
    const key = `${route.method} ${route.path}`;
    for (const [caller, principal] of Object.entries(CALLERS)) {
      const allowed = EXPECTED[key]?.includes(caller) ?? false;
      it(`${key} — ${caller} is ${allowed ? 'allowed' : 'refused'}`, () => {
        const decision = decide(principal, route.access, targetOf({ pathParameters: paramsOf(route.path) }));
        expect(decision.allow).toBe(allowed);
        if (!decision.allow) expect(decision.message).toMatch(/[А-Яа-яЁё]/);
      });
    }
  }
});
