import type { Role } from '../access/model.js';
import type { AccessRule } from '../access/rules.js';
import type { HttpRoute } from './declarations.js';

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
    summary: 'A 5-minute signed PUT URL for the document proving a signer’s power (PDF)',
    access: staff('Утверждение'),
  },
  { method: 'POST', path: `${DOC}/{docId}/sign`, auth: 'jwt', summary: 'Signs an approved document (non-heads: power document attached)', access: staff('Утверждение') },
  { method: 'POST', path: `${DOC}/{docId}/send`, auth: 'jwt', summary: 'Sends a signed document to the TFOMS', access: staff('Согласование', 'Утверждение') },
  {
    method: 'POST',
    path: `${DOC}/{docId}/decision`,
    auth: 'jwt',
    summary: 'The TFOMS accepts or rejects a sent document; an accepted one takes effect',
    access: { orgTypes: ['FOMS', 'TFOMS'], scope: 'org' },
  },
  { method: 'GET', path: '/v1/regions/{region}/documents', auth: 'jwt', summary: 'Documents sent to the TFOMS of the region and not yet decided', access: { orgTypes: ['FOMS', 'TFOMS'], scope: 'region' } },
  {
    method: 'GET',
    path: '/v1/regions/{region}/mo-registry/{mo}',
    auth: 'jwt',
    summary: 'An MO’s registry entry in force on a date (shipped data plus accepted notifications)',
    access: { orgTypes: ['FOMS', 'TFOMS'], scope: 'region' },
  },
];

/** Routes of the HTTP API (the `api` function); the OpenAPI document is generated from them. */
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
  },
  {
    method: 'GET',
    path: '/v1/regions/{region}/files/{fileId}',
    auth: 'jwt',
    summary: 'One received file: status, counts, signed links to its protocol (audited)',
    access: FUNDS_BY_REGION,
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
  ...DOCUMENT_ROUTES,
];
