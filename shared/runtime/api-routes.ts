import type { HttpRoute } from './declarations.js';

/** Routes of the HTTP API (the `api` function); the OpenAPI document is generated from them. */
export const API_ROUTES: HttpRoute[] = [
  { method: 'GET', path: '/openapi.json', auth: 'none', summary: 'OpenAPI document of this API' },
  { method: 'GET', path: '/v1/files', auth: 'jwt', summary: 'Received files of a region with their ФЛК status' },
  { method: 'GET', path: '/v1/files/{fileId}', auth: 'jwt', summary: 'One received file: status, counts, protocol links' },
  {
    method: 'GET',
    path: '/v1/campaigns/{campaignId}/regions/{region}/summary',
    auth: 'jwt',
    summary: 'Stage 1.6 check: counts by priority group, MO and SMO; exclusions by reason',
  },
  {
    method: 'GET',
    path: '/v1/campaigns/{campaignId}/regions/{region}/exclusions',
    auth: 'jwt',
    summary: 'Persons excluded from the campaign with reasons (personal data, audited)',
  },
  {
    method: 'GET',
    path: '/v1/persons/{enp}',
    auth: 'jwt',
    summary: 'One insured person by ЕНП with the priority group and its reason (personal data, audited)',
  },
];
