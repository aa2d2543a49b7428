import { API_ROUTES } from '../../runtime/api-routes.js';
import type { HttpRoute } from '../../runtime/declarations.js';
import { ok, type RouteHandler } from './http.js';
import { openApiDocument } from './openapi.js';
import { STAGE1_HANDLERS } from './stage1.js';
import { USER_HANDLERS } from './users.js';
import { DOCUMENT_HANDLERS } from './documents.js';
import { ABONENT_HANDLERS } from './abonent.js';
import { OBLIGATION_HANDLERS } from './obligations.js';
import { SMO_FILE_HANDLERS } from './smo-files.js';
import { INFORMING_RESULT_HANDLERS } from './informing-results.js';
import { HOSPITALIZATION_HANDLERS } from './hospitalization.js';
import { CALENDAR_HANDLERS } from './calendar.js';
import { CAMPAIGN_HANDLERS } from './campaigns.js';
import { TARGET_REPORT_HANDLERS } from './target-reports.js';
import { CONFLICT_HANDLERS } from './conflicts.js';
import { EXPORT_HANDLERS } from './exports.js';

/** Every route's handler, keyed like API Gateway's routeKey (`GET /v1/...`). */
export const HANDLERS: Record<string, RouteHandler> = {
  'GET /openapi.json': async () => ok(openApiDocument()),
  ...STAGE1_HANDLERS,
  ...EXPORT_HANDLERS,
  ...USER_HANDLERS,
  ...DOCUMENT_HANDLERS,
  ...ABONENT_HANDLERS,
  ...OBLIGATION_HANDLERS,
  ...SMO_FILE_HANDLERS,
  ...INFORMING_RESULT_HANDLERS,
  ...HOSPITALIZATION_HANDLERS,
  ...CALENDAR_HANDLERS,
  ...CAMPAIGN_HANDLERS,
  ...TARGET_REPORT_HANDLERS,
  ...CONFLICT_HANDLERS,
};

const declarations = new Map(API_ROUTES.map((r) => [`${r.method} ${r.path}`, r]));

export function routeFor(routeKey: string): { declaration: HttpRoute; handle: RouteHandler } | undefined {
  const declaration = declarations.get(routeKey);
  const handle = HANDLERS[routeKey];
  return declaration && handle ? { declaration, handle } : undefined;
}
