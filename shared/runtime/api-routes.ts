import type { Role } from '../access/model.js';
import type { AccessRule } from '../access/rules.js';
import type { HttpRoute } from './declarations.js';
import { REGION_OR_FEDERAL } from './path-params.js';

/** Fund staff reading a region's data: FOMS everywhere, a TFOMS in its own region. */
const FUNDS_BY_REGION: AccessRule = { orgTypes: ['FOMS', 'TFOMS'], scope: 'region' };
/** MO/SMO user management (seed 003): the head, or authority B with the role «Утверждение». */
const ORG_USER_ADMIN: AccessRule = { orgTypes: ['MO', 'SMO'], scope: 'org', authority: 'B', roles: ['Утверждение'] };

const DOC = '/v1/orgs/{org}/documents/{kind}';
const staff = (...roles: Role[]): AccessRule => ({
  orgTypes: ['MO', 'SMO'],
  scope: 'org',
  authority: 'path:kind',
  roles,
});
const READERS: AccessRule = { orgTypes: ['FOMS', 'TFOMS', 'MO', 'SMO'], scope: 'org', authority: 'path:kind' };

/** Seed 003 documents: A-notifications and B-requests, their workflow and the TFOMS decision. */
const DOCUMENT_ROUTES: HttpRoute[] = [
  { method: 'POST', path: DOC, auth: 'jwt', summary: 'Creates a draft (kind A: registry notification, B: access request)', access: staff('Ввод данных') },
  { method: 'GET', path: DOC, auth: 'jwt', summary: 'Documents of the organization of one kind', access: READERS },
  { method: 'GET', path: `${DOC}/{docId}`, auth: 'jwt', summary: 'One document with its history', access: READERS },
  { method: 'PUT', path: `${DOC}/{docId}`, auth: 'jwt', summary: 'Edits a draft', access: staff('Ввод данных') },
  { method: 'POST', path: `${DOC}/{docId}/approve`, auth: 'jwt', summary: 'Approves a draft and sends it for signing', access: staff('Согласование') },
  { method: 'POST', path: `${DOC}/{docId}/return`, auth: 'jwt', summary: 'Returns an approved document to draft with a comment', access: staff('Согласование', 'Утверждение') },
  {
    method: 'POST',
    path: `${DOC}/{docId}/attachments`,
    auth: 'jwt',
    summary: 'A 5-minute signed PUT URL for the document proving a signer’s power (PDF, `{"size"}` ≤ 10 MB, exact size signed)',
    access: staff('Утверждение'),
  },
  { method: 'POST', path: `${DOC}/{docId}/sign`, auth: 'jwt', summary: 'Signs an approved document (non-heads: an uploaded power document, ≤ 10 MB, starting with %PDF-)', access: staff('Утверждение') },
  { method: 'POST', path: `${DOC}/{docId}/send`, auth: 'jwt', summary: 'Sends a signed document to the TFOMS', access: staff('Согласование', 'Утверждение') },
  {
    method: 'POST',
    path: `${DOC}/{docId}/decision`,
    auth: 'jwt',
    summary: 'The TFOMS accepts or rejects a sent document; an accepted one takes effect',
    access: { orgTypes: ['FOMS', 'TFOMS'], scope: 'org' },
  },
  { method: 'GET', path: '/v1/regions/{region}/documents', auth: 'jwt', summary: 'Documents sent to the TFOMS of the region and not yet decided, each with what accepting it changes (audited)', access: { orgTypes: ['FOMS', 'TFOMS'], scope: 'region' } },
  {
    method: 'GET',
    path: '/v1/regions/{region}/mo-registry',
    auth: 'jwt',
    summary: 'The region’s MO registry on a date: MOs in force and those excluded, each with the notification it comes from',
    access: { orgTypes: ['FOMS', 'TFOMS'], scope: 'region' },
  },
  {
    method: 'GET',
    path: '/v1/regions/{region}/mo-registry/{mo}',
    auth: 'jwt',
    summary: 'An MO’s registry entry in force on a date (shipped data plus accepted notifications)',
    access: { orgTypes: ['FOMS', 'TFOMS'], scope: 'region' },
  },
];

const STAGE = '/v1/campaigns/{campaignId}/regions/{region}/batches/{batch}';
const AP = '/v1/orgs/{org}/abonent-files';
/** MO users read their own files; a TFOMS reads those of its region, FOMS all. */
const MO_READERS: AccessRule = { orgTypes: ['FOMS', 'TFOMS', 'MO'], scope: 'org' };
/** MO staff with «Ввод данных» / «Утверждение», or the TFOMS of the MO's region loading for it (2.3/3.3); not FOMS. */
const MO_RETURNERS: AccessRule = { orgTypes: ['MO', 'TFOMS'], scope: 'org', anyAuthorityRoles: ['Ввод данных', 'Утверждение'] };

/** Stages 2–3 (seed 000 x.1–x.5): forming, MO files through signed URLs, registry, final lists. */
const STAGE_ROUTES: HttpRoute[] = [
  { method: 'GET', path: STAGE, auth: 'jwt', summary: 'State of a batch in a region: step, history, forming progress (N of M MOs, failures by MO)', access: FUNDS_BY_REGION },
  { method: 'GET', path: `${STAGE}/mos`, auth: 'jwt', summary: 'MOs of the batch in code order, paged (`?limit=&cursor=`; `?only=late|failed`): file formed or failed, rows, return status and counts, on time or late against returnBy on the region’s clock', access: FUNDS_BY_REGION },
  {
    method: 'POST',
    path: `${STAGE}/forming`,
    auth: 'jwt',
    summary: 'x.1: forms the «абонентский пункт» files of every MO of the region (again: only the missing or failed ones)',
    access: FUNDS_BY_REGION,
  },
  { method: 'POST', path: `${STAGE}/registry`, auth: 'jwt', summary: 'x.4: FOMS forms the registry from the returned files and opens it to the TFOMS', access: { orgTypes: ['FOMS'], scope: 'region' } },
  {
    method: 'GET',
    path: `${STAGE}/registry`,
    auth: 'jwt',
    summary: 'x.5 check: counts by MO and by отметка, MOs that did not return, persons without a date',
    access: FUNDS_BY_REGION,
  },
  { method: 'POST', path: `${STAGE}/registry/approve`, auth: 'jwt', summary: 'x.5: the TFOMS approves the checked registry; final lists are formed', access: FUNDS_BY_REGION },
  { method: 'POST', path: `${STAGE}/reopen`, auth: 'jwt', summary: 'FOMS returns the stage to collecting files, with a reason', access: { orgTypes: ['FOMS'], scope: 'region' } },
  { method: 'GET', path: `${STAGE}/final-list`, auth: 'jwt', summary: 'A 5-minute signed link to the region’s final list (personal data, audited)', access: FUNDS_BY_REGION },
  { method: 'GET', path: AP, auth: 'jwt', summary: 'The MO’s «абонентский пункт» files: batch, rows, state, last return', access: MO_READERS },
  {
    method: 'GET',
    path: `${AP}/{fileId}/download`,
    auth: 'jwt',
    summary: 'A 5-minute signed GET link to one of the MO’s files (personal data, audited)',
    access: MO_READERS,
  },
  {
    method: 'POST',
    path: `${AP}/{fileId}/returns`,
    auth: 'jwt',
    summary:
      'A 10-minute signed PUT link to return the filled file (XLSX, exact size signed, one key of this MO). The MO, or its TFOMS on the MO’s behalf (seed 000 2.3/3.3): same checks and protocol; the return and the audit name who loaded it',
    access: MO_RETURNERS,
  },
  { method: 'GET', path: `${AP}/{fileId}/returns`, auth: 'jwt', summary: 'Returned files of one MO file with status, counts and signed protocol links', access: MO_READERS },
  { method: 'GET', path: `${AP}/{fileId}/final-list`, auth: 'jwt', summary: 'A 5-minute signed link to the MO’s final list once the registry is approved (audited)', access: MO_READERS },
];

/** Stage 4 (seed 000, 4.1–4.5): SMO registration, per-SMO informing files, the SMO's pull API. */
const SMO_FILES = '/v1/orgs/{org}/informing-files';
/** The SMO's own users with any role (heads hold every role); its TFOMS and FOMS read. */
const SMO_READERS: AccessRule = { orgTypes: ['FOMS', 'TFOMS', 'SMO'], scope: 'org', anyAuthorityRoles: ['Ввод данных', 'Согласование', 'Утверждение', 'Просмотр'] };
const SMO_FILE_ROUTES: HttpRoute[] = [
  { method: 'GET', path: '/v1/regions/{region}/smos', auth: 'jwt', summary: '4.1: SMOs registered in the region (state, contacts, head registered, history) and those of F002 not registered', access: FUNDS_BY_REGION },
  {
    method: 'PUT',
    path: '/v1/regions/{region}/smos/{smo}',
    auth: 'jwt',
    summary: '4.1: registers an SMO of F002 to work in the region, or updates the name and contacts of an active one (an ended SMO: 409, see reactivate)',
    access: FUNDS_BY_REGION,
  },
  { method: 'POST', path: '/v1/regions/{region}/smos/{smo}/end', auth: 'jwt', summary: '4.1: ends an SMO’s work in the region, with a reason; it receives no further files', access: FUNDS_BY_REGION },
  {
    method: 'POST',
    path: '/v1/regions/{region}/smos/{smo}/reactivate',
    auth: 'jwt',
    summary: '4.1: takes up an ended SMO’s work in the region again, with a reason kept in its history',
    access: FUNDS_BY_REGION,
  },
  {
    method: 'GET',
    path: `${STAGE}/informing`,
    auth: 'jwt',
    summary: '4.2/4.4: informing forming of the batch — run, progress (N of M SMOs, failures), per SMO its latest version, changes, download and receipt',
    access: FUNDS_BY_REGION,
  },
  {
    method: 'POST',
    path: `${STAGE}/informing`,
    auth: 'jwt',
    summary: '4.2/4.4: forms the informing files of every registered SMO from the approved registry (also done on approval); unchanged SMOs get no new version',
    access: FUNDS_BY_REGION,
  },
  { method: 'GET', path: SMO_FILES, auth: 'jwt', summary: 'The SMO’s informing files: version, batch, rows, formed at, changes, downloaded, acknowledged (`?since=` — new since an instant)', access: SMO_READERS },
  { method: 'GET', path: `${SMO_FILES}/{fileId}`, auth: 'jwt', summary: 'One informing file of the SMO with its changes since the previous version', access: SMO_READERS },
  {
    method: 'GET',
    path: `${SMO_FILES}/{fileId}/download`,
    auth: 'jwt',
    summary: 'A 5-minute signed GET link to one informing file (`?format=xlsx|csv|changes`; personal data, audited; counts as the SMO’s download)',
    access: SMO_READERS,
  },
  {
    method: 'POST',
    path: `${SMO_FILES}/{fileId}/acknowledge`,
    auth: 'jwt',
    summary: 'The SMO acknowledges receipt of a downloaded informing file (once; the first acknowledgement stays)',
    access: { orgTypes: ['SMO'], scope: 'org', anyAuthorityRoles: ['Ввод данных', 'Согласование', 'Утверждение'] },
  },
];

/** Stage 4 (DOMAIN.md §3.7, seed 002): the SMO reports informing results; everyone sees the targets of its scope. */
const RES = '/v1/orgs/{org}/informing-results/{campaignId}';
const TGT = '/v1/orgs/{org}/informing-targets/{campaignId}';
const REGION_TGT = '/v1/campaigns/{campaignId}/regions/{region}/informing-targets';
const FED_TGT = '/v1/campaigns/{campaignId}/informing-targets';
/** The SMO's head or staff with «Ввод данных» / «Утверждение» (either authority) report results. */
const SMO_REPORTERS: AccessRule = { orgTypes: ['SMO'], scope: 'org', anyAuthorityRoles: ['Ввод данных', 'Утверждение'] };
/** The SMO's own users with any role; its TFOMS; FOMS. */
const SMO_TARGET_READERS: AccessRule = { orgTypes: ['FOMS', 'TFOMS', 'SMO'], scope: 'org', anyAuthorityRoles: ['Ввод данных', 'Согласование', 'Утверждение', 'Просмотр'] };
const FOMS_ONLY: AccessRule = { orgTypes: ['FOMS'], scope: 'any' };
const INFORMING_RESULT_ROUTES: HttpRoute[] = [
  { method: 'POST', path: RES, auth: 'jwt', summary: 'The SMO reports informing results as JSON (`{"rows":[{enp,date,channel,result}]}`, ≤ 5000 rows); rejected rows come back with reasons; the first accepted result of a batch (here or in a file) meets 4.3/4.5', access: SMO_REPORTERS },
  {
    method: 'POST',
    path: `${RES}/uploads`,
    auth: 'jwt',
    summary: 'A 10-minute signed PUT link for a results file (CSV `ENP;DATE_INF;CHANNEL;RESULT` or XLSX; exact size signed, one key of this SMO)',
    access: SMO_REPORTERS,
  },
  { method: 'GET', path: `${RES}/uploads`, auth: 'jwt', summary: 'The SMO’s results files with status, counts and signed ФЛК protocol links', access: SMO_TARGET_READERS },
  { method: 'GET', path: TGT, auth: 'jwt', summary: 'The SMO’s targets: share of persons informed individually, by group, cumulative by date', access: SMO_TARGET_READERS },
  {
    method: 'GET',
    path: `${TGT}/not-informed`,
    auth: 'jwt',
    summary: 'The SMO’s persons of a batch not yet informed, with the latest attempt (`?batch=12|34&group=&limit=&cursor=`; personal data, audited)',
    access: SMO_TARGET_READERS,
  },
  { method: 'POST', path: `${TGT}/report`, auth: 'jwt', summary: 'Asks for the SMO’s XLSX target report (figures, cumulative series, persons not yet informed)', access: SMO_TARGET_READERS },
  { method: 'GET', path: `${TGT}/report`, auth: 'jwt', summary: 'The SMO’s latest XLSX target report: state and a 5-minute signed link (audited)', access: SMO_TARGET_READERS },
  { method: 'GET', path: REGION_TGT, auth: 'jwt', summary: 'A region’s targets: by group and by SMO, cumulative by date', access: FUNDS_BY_REGION },
  { method: 'POST', path: `${REGION_TGT}/report`, auth: 'jwt', summary: 'Asks for the region’s XLSX target report (by SMO and group, cumulative series)', access: FUNDS_BY_REGION },
  { method: 'GET', path: `${REGION_TGT}/report`, auth: 'jwt', summary: 'The region’s latest XLSX target report: state and a 5-minute signed link', access: FUNDS_BY_REGION },
  { method: 'GET', path: FED_TGT, auth: 'jwt', summary: 'FOMS: the targets of every region, by group, cumulative by date', access: FOMS_ONLY },
  { method: 'POST', path: `${FED_TGT}/report`, auth: 'jwt', summary: 'FOMS asks for the XLSX target report by region', access: FOMS_ONLY },
  { method: 'GET', path: `${FED_TGT}/report`, auth: 'jwt', summary: 'FOMS: the latest XLSX target report by region, with a 5-minute signed link', access: FOMS_ONLY },
];

/** Planned-hospitalization resource (seed 004, Rules of ОМС §263–264): daily submissions, free beds, compliance. */
const HOSP = '/v1/orgs/{org}/hospitalization';
const HOSP_REGION = '/v1/regions/{region}/hospitalization';
/** The MO's head or staff with «Ввод данных» / «Утверждение» (either authority) submit. */
const HOSP_SUBMITTERS: AccessRule = { orgTypes: ['MO'], scope: 'org', anyAuthorityRoles: ['Ввод данных', 'Утверждение'] };
const HOSPITALIZATION_ROUTES: HttpRoute[] = [
  {
    method: 'POST',
    path: `${HOSP}/submissions`,
    auth: 'jwt',
    summary: 'The MO submits its daily planned-hospitalization data for the previous day as JSON (§263 sections a–e, §264 referrals); the answer is the protocol: status and every finding with field, row, rule and Russian message (422 when rejected)',
    access: HOSP_SUBMITTERS,
  },
  {
    method: 'GET',
    path: `${HOSP}/form`,
    auth: 'jwt',
    summary: 'What the MO’s daily form needs to check its data with the server’s own rules: reporting day, due instant, free-beds horizon (today + 10 working days), the sections the MO must send, bed profiles and reasons',
    access: MO_READERS,
  },
  { method: 'GET', path: `${HOSP}/submissions`, auth: 'jwt', summary: 'The MO’s daily receipts (`?from=&to=` ISO days): status, first accepted at, version, counts, files and signed ФЛК protocol links', access: MO_READERS },
  {
    method: 'POST',
    path: `${HOSP}/uploads`,
    auth: 'jwt',
    summary: 'A 10-minute signed PUT link for the daily submission as a CSV file (exact size and type signed, one key of this MO); checked like JSON, answered with a ФЛК protocol',
    access: HOSP_SUBMITTERS,
  },
  {
    method: 'GET',
    path: `${HOSP_REGION}/free-beds`,
    auth: 'jwt',
    summary: 'Free beds across the region on a day (`?date=` ISO, default today; `?profile=` bed profile code; `?limit=&cursor=` pages of MO rows), from every MO’s latest accepted submission, with planned release dates and totals by profile',
    access: { orgTypes: ['FOMS', 'TFOMS', 'MO'], scope: 'region', regionMembers: true },
  },
  {
    method: 'GET',
    path: `${HOSP_REGION}/compliance`,
    auth: 'jwt',
    summary: 'Daily compliance of the region’s obligated MOs (`?date=` reporting day, default yesterday; `?status=`; `?limit=&cursor=` pages): submitted at, в срок / с опозданием / нет сведений, counts of the whole day, and on the first page a 5-minute signed link to the XLSX report',
    access: FUNDS_BY_REGION,
  },
];

/** Routes of the HTTP API (the `api` function); the OpenAPI document is generated from them. */
/** Obligations (seed 000 schedule, seed 004 daily duties): schedule, states, violations, notifications. */
const EVERY_ORG: AccessRule = { orgTypes: ['FOMS', 'TFOMS', 'MO', 'SMO'], scope: 'org' };
const OBLIGATION_ROUTES: HttpRoute[] = [
  {
    method: 'POST',
    path: '/v1/campaigns',
    auth: 'jwt',
    summary: 'FOMS creates a campaign (id, name, reference date, exam window, batches) with its schedule (version 1); the schedule dates forming, returns, the registry and the obligations',
    access: { orgTypes: ['FOMS'], scope: 'any' },
  },
  { method: 'GET', path: '/v1/campaigns', auth: 'jwt', summary: 'Every campaign with each batch’s dates from the schedule in force', access: { orgTypes: ['FOMS', 'TFOMS', 'MO', 'SMO'], scope: 'any' } },
  { method: 'GET', path: '/v1/campaigns/{campaignId}', auth: 'jwt', summary: 'One campaign with each batch’s dates from the schedule in force and where they come from', access: { orgTypes: ['FOMS', 'TFOMS', 'MO', 'SMO'], scope: 'any' } },
  {
    method: 'PUT',
    path: '/v1/campaigns/{campaignId}/schedule',
    auth: 'jwt',
    summary: 'FOMS loads or replaces a campaign schedule (seed 000 form); every region’s obligations are planned, open ones move',
    access: { orgTypes: ['FOMS'], scope: 'any' },
  },
  {
    method: 'GET',
    path: '/v1/campaigns/{campaignId}/schedule',
    auth: 'jwt',
    summary: 'The schedule in force and its version (0: the shipped file, none loaded yet), with every loaded version’s number, time and author',
    access: { orgTypes: ['FOMS', 'TFOMS'], scope: 'any' },
  },
  {
    method: 'GET',
    path: '/v1/campaigns/{campaignId}/progress',
    auth: 'jwt',
    summary: 'FOMS: every region’s progress through the schedule steps — per step its deadline on the region’s clock, state (OPEN, MET, MET_LATE, OVERDUE, CANCELLED), when met, parties overdue or late, evidence',
    access: FOMS_ONLY,
  },
  {
    method: 'GET',
    path: '/v1/regions/{region}/obligations',
    auth: 'jwt',
    summary: 'Obligations of a region: open and overdue, or closed ones due in `?month=YYYY-MM`',
    access: FUNDS_BY_REGION,
  },
  { method: 'GET', path: '/v1/orgs/{org}/obligations', auth: 'jwt', summary: 'An organization’s obligations with state, deadline and evidence', access: EVERY_ORG },
  {
    method: 'POST',
    path: '/v1/orgs/{org}/obligations/{obligationId}/confirm',
    auth: 'jwt',
    summary: 'The responsible fund confirms a step the system cannot observe (e.g. 1.5 letters, 1.6 lists checked)',
    access: { orgTypes: ['FOMS', 'TFOMS'], scope: 'org' },
  },
  { method: 'GET', path: '/v1/regions/{region}/violations', auth: 'jwt', summary: 'Violations in a region with evidence, escalation and resolution', access: FUNDS_BY_REGION },
  { method: 'GET', path: '/v1/orgs/{org}/notifications', auth: 'jwt', summary: 'Notifications sent to an organization (`?since=` ISO instant)', access: EVERY_ORG },
  { method: 'GET', path: '/v1/orgs/{org}/violations', auth: 'jwt', summary: 'An organization’s own violations (overdue duties) with evidence, escalation and resolution', access: EVERY_ORG },
];

/** Seed 002's reporting calendar: the TFOMS submits the region's informing report for a period (XLSX); FOMS reads any region. */
const TREP = '/v1/regions/{region}/target-reports';
const TARGET_REPORT_ROUTES: HttpRoute[] = [
  {
    method: 'GET',
    path: TREP,
    auth: 'jwt',
    summary: 'Seed 002 reporting calendar of a region: each report (monthly, quarterly, yearly) with its deadline rule and source, and the reports submitted',
    access: FUNDS_BY_REGION,
  },
  {
    method: 'POST',
    path: `${TREP}/{reportId}/{period}`,
    auth: 'jwt',
    summary: 'Submits the region’s report for a period (`2026-11`, `2026-Q4`, `2026`): Мероприятия 4 and 5 shares, cumulative by month, as XLSX in the outbox; meets the report duty',
    access: FUNDS_BY_REGION,
  },
  {
    method: 'GET',
    path: `${TREP}/{reportId}/{period}`,
    auth: 'jwt',
    summary: 'A submitted report: figures, when made, and a 5-minute signed XLSX link (audited)',
    access: FUNDS_BY_REGION,
  },
];

/** Production calendar (DOMAIN.md §6): FOMS loads a year's transfer decree; every user reads (provisional years included). */
const CALENDAR_ROUTES: HttpRoute[] = [
  {
    method: 'GET',
    path: '/v1/calendar/{year}',
    auth: 'jwt',
    summary: 'A year of the production calendar: holidays, days off, working weekends, decree, version history; `provisional` when no decree is loaded (art. 112 ТК РФ only)',
    access: { orgTypes: ['FOMS', 'TFOMS', 'MO', 'SMO'], scope: 'any' },
  },
  {
    method: 'PUT',
    path: '/v1/calendar/{year}',
    auth: 'jwt',
    summary: 'FOMS loads the year’s transfer decree (a new version; earlier ones kept); deadlines move, no deploy needed',
    access: { orgTypes: ['FOMS'], scope: 'any' },
  },
];

export const API_ROUTES: HttpRoute[] = [
  { method: 'GET', path: '/openapi.json', auth: 'none', summary: 'OpenAPI document of this API', access: { public: true } },
  {
    method: 'GET',
    path: '/v1/me',
    auth: 'jwt',
    summary: 'The caller: organization, head flag, authorities and roles, support channels',
    access: { orgTypes: ['FOMS', 'TFOMS', 'MO', 'SMO'], scope: 'any' },
  },
  {
    method: 'GET',
    path: '/v1/regions/{region}/files',
    auth: 'jwt',
    summary: 'Received files of a region (`federal`: FOMS files) with their ФЛК status',
    access: FUNDS_BY_REGION,
    pathParams: { region: REGION_OR_FEDERAL },
  },
  {
    method: 'POST',
    path: '/v1/regions/{region}/files/uploads',
    auth: 'jwt',
    summary:
      'A 10-minute signed PUT link for an insured-person export (`federal`: FOMS, a COVID extract) — `{"size","name"}`, CSV or XLSX, exact size signed; above 16 MB a multipart upload: `uploadId` and signed URLs per 8 MB part (audited)',
    access: FUNDS_BY_REGION,
    pathParams: { region: REGION_OR_FEDERAL },
  },
  {
    method: 'POST',
    path: '/v1/regions/{region}/files/uploads/{uploadId}/parts',
    auth: 'jwt',
    summary: 'Resume a multipart export upload — `{"size","name"}`: the parts S3 already holds and fresh signed URLs for the next missing ones',
    access: FUNDS_BY_REGION,
    pathParams: { region: REGION_OR_FEDERAL },
  },
  {
    method: 'POST',
    path: '/v1/regions/{region}/files/uploads/{uploadId}/complete',
    auth: 'jwt',
    summary: 'Complete a multipart export upload — `{"size","name"}`: S3’s own part list must make exactly the declared size; the file then goes to the stage-1 check (audited)',
    access: FUNDS_BY_REGION,
    pathParams: { region: REGION_OR_FEDERAL },
  },
  {
    method: 'GET',
    path: '/v1/regions/{region}/files/{fileId}',
    auth: 'jwt',
    summary: 'One received file: status, counts, signed links to its protocol (audited)',
    access: FUNDS_BY_REGION,
    pathParams: { region: REGION_OR_FEDERAL },
  },
  {
    method: 'GET',
    path: '/v1/campaigns/{campaignId}/regions/{region}/summary',
    auth: 'jwt',
    summary: 'Stage 1.6 check: counts by priority group, MO and SMO; exclusions by reason',
    access: FUNDS_BY_REGION,
  },
  {
    method: 'GET',
    path: '/v1/campaigns/{campaignId}/regions/{region}/exclusions',
    auth: 'jwt',
    summary: 'Persons excluded from the campaign with reasons (personal data, audited)',
    access: FUNDS_BY_REGION,
  },
  {
    method: 'GET',
    path: '/v1/regions/{region}/persons/{enp}',
    auth: 'jwt',
    summary: 'One insured person of the region by ЕНП with the priority group and its reason (personal data, audited)',
    access: FUNDS_BY_REGION,
  },
  {
    method: 'POST',
    path: '/v1/funds/{org}/users',
    auth: 'jwt',
    summary: 'FOMS registers a user of FOMS or of a TFOMS (org = FOMS or the region code)',
    access: { orgTypes: ['FOMS'], scope: 'any' },
  },
  {
    method: 'POST',
    path: '/v1/regions/{region}/orgs/{org}/head',
    auth: 'jwt',
    summary: 'The TFOMS of the region registers the head of an MO or SMO of that region (seed 003, step 1)',
    access: FUNDS_BY_REGION,
  },
  {
    method: 'GET',
    path: '/v1/orgs/{org}/users',
    auth: 'jwt',
    summary: 'Users of an organization with their authorities and roles',
    access: { orgTypes: ['FOMS', 'TFOMS', 'MO', 'SMO'], scope: 'org', authority: 'B' },
  },
  {
    method: 'POST',
    path: '/v1/orgs/{org}/users',
    auth: 'jwt',
    summary: 'The head (or authority B «Утверждение») registers a staff member with authorities and roles',
    access: ORG_USER_ADMIN,
  },
  {
    method: 'PUT',
    path: '/v1/orgs/{org}/users/{snils}/grants/{authority}',
    auth: 'jwt',
    summary: 'Grants or changes a staff member’s role for authority A or B',
    access: ORG_USER_ADMIN,
  },
  {
    method: 'DELETE',
    path: '/v1/orgs/{org}/users/{snils}/grants/{authority}',
    auth: 'jwt',
    summary: 'Revokes a staff member’s authority (immediate)',
    access: ORG_USER_ADMIN,
  },
  {
    method: 'DELETE',
    path: '/v1/orgs/{org}/users/{snils}',
    auth: 'jwt',
    summary: 'Ends a user’s access (immediate): the head or authority B «Утверждение» of the organization, its TFOMS, FOMS',
    access: { orgTypes: ['FOMS', 'TFOMS', 'MO', 'SMO'], scope: 'org', authority: 'B', roles: ['Утверждение'] },
  },
  {
    method: 'GET',
    path: '/v1/orgs/{org}/audit',
    auth: 'jwt',
    summary: 'Audit of personal-data access by users of an organization (FOMS; a TFOMS for its region)',
    access: { orgTypes: ['FOMS', 'TFOMS'], scope: 'org' },
  },
  {
    method: 'GET',
    path: '/v1/quarantine',
    auth: 'jwt',
    summary: 'Inbox files of no flow (unknown folder, a region not served), kept aside with the reason, newest first',
    access: { orgTypes: ['FOMS'], scope: 'any' },
  },
  {
    method: 'GET',
    path: '/v1/regions/{region}/conflicts',
    auth: 'jwt',
    summary: 'Cross-region conflicts the region is a party to — it holds the person or its export also carries the ЕНП; `?status=open|resolved` (personal data, audited)',
    access: FUNDS_BY_REGION,
  },
  {
    method: 'GET',
    path: '/v1/conflicts',
    auth: 'jwt',
    summary: 'Every region’s cross-region conflicts for FOMS; `?status=open|resolved` (personal data, audited)',
    access: { orgTypes: ['FOMS'], scope: 'any' },
  },
  {
    method: 'POST',
    path: '/v1/conflicts/{enp}/resolve',
    auth: 'jwt',
    summary: 'FOMS decides a cross-region conflict: `{"to": region, "claimant"?: region, "comment"}` — the person stays with the holder or goes to the claimant (audited)',
    access: { orgTypes: ['FOMS'], scope: 'any' },
  },
  ...DOCUMENT_ROUTES,
  ...STAGE_ROUTES,
  ...OBLIGATION_ROUTES,
  ...SMO_FILE_ROUTES,
  ...INFORMING_RESULT_ROUTES,
  ...HOSPITALIZATION_ROUTES,
  ...CALENDAR_ROUTES,
  ...TARGET_REPORT_ROUTES,
];
