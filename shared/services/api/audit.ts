import { recordAudit } from '../../adapters/store/audit.js';
import type { Principal } from '../../access/model.js';
import type { ApiRequest } from './http.js';

/**
 * Records who did what to which subject and why (personal-data reads, changes), with the request
 * id. Apart from http.ts, which the store layer's errors (pagination cursors) import.
 */
export function audit(request: ApiRequest, caller: Principal, action: string, subject: string, reason: string) {
  return recordAudit({ at: new Date().toISOString(), actor: caller.snils, org: caller.org, action, subject, reason, requestId: request.requestId });
}
