import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { PDF_MAGIC, POWER_DOCUMENT_MAX_BYTES, PowerDocumentUpload, powerDocumentKey, powerDocumentProblem, type UploadedObject } from '../../access/attachments.js';
import { acceptEffects, notificationProblem, requestProblem, type AcceptEffects } from '../../access/effects.js';
import { signedPutUrl } from '../../adapters/s3-signing.js';
import {
  createDocument,
  DocumentError,
  payloadSchema,
  transition,
  type DocumentAction,
  NotificationPayload,
  type OmsDocument,
  RequestPayload,
} from '../../access/documents.js';
import { regionOfOrg, type Authority } from '../../access/model.js';
import { headObject, readRange } from '../../adapters/s3.js';
import { recordAudit } from '../../adapters/store/audit.js';
import { documentsOf, getDocument, inboxOf, putRegistryVersion, registryVersions, saveDocument } from '../../adapters/store/documents.js';
import { createUser, endAccess, loadPrincipal, putGrant } from '../../adapters/store/users.js';
import { config } from '../../config.js';
import { entryAt, type RegistryEntry } from '../../domain/mo-registry.js';
import { forgetMoRegistry, moRegistryOf, regionToday } from '../mo-registry.js';
import { normalizeSnils } from '../../identifiers/snils.js';
import { loadReferenceData } from '../../reference/load.js';
import { audit } from './audit.js';
import { ApiError, created, ok, parseBody, principalOf, type ApiRequest, type RouteHandler } from './http.js';
import { checkUploadSize } from './uploads.js';
import { dateQuery, pathRegion } from './params.js';

const DOC = '/v1/orgs/{org}/documents/{kind}';

/**
 * `{"payload": …}`: kind A — include (name and the three flags), exclude (no data) or change (at
 * least one field) of the MO itself; kind B — register (a СНИЛС nobody has), change-authorities or
 * end-access (a user of the organization), with grants except for end-access. Unknown keys are refused.
 */
export const DocumentBody = z
  .object({ payload: z.union([NotificationPayload, RequestPayload]) })
  .describe('Документ: A (kind=A) — type include|exclude|change, mo, effectiveDate, data; B (kind=B) — type register|change-authorities|end-access, user {snils, fio}, grants. Уведомление A — только о своей МО; заявка B называет только пользователей своей организации (или новый СНИЛС). Неизвестные поля не принимаются.');
export const DecisionBody = z.object({
  decision: z.enum(['accepted', 'rejected'], 'accepted или rejected'),
  reason: z.string().trim().max(1000).optional(),
});

/** `{"comment"}` of a step: what to fix when returning a document to draft (required there). */
export const StepBody = z.object({ comment: z.string().trim().max(1000, 'не длиннее 1000 символов').optional() });

function fail(error: unknown): never {
  if (error instanceof DocumentError) throw new ApiError(error.status, error.code, error.message);
  throw error;
}

/** The document of the path, or 404: ids of other organizations or kinds do not leak. */
async function documentOf(request: ApiRequest): Promise<OmsDocument> {
  const { org, kind, docId } = request.pathParameters;
  const doc = docId ? await getDocument(docId) : undefined;
  if (!doc || doc.org !== org || doc.kind !== kind) throw new ApiError(404, 'DOCUMENT_NOT_FOUND', `Документ ${docId ?? ''} не найден.`);
  return doc;
}

async function save(request: ApiRequest, doc: OmsDocument, expected: number | undefined, action: string): Promise<OmsDocument> {
  if (!(await saveDocument(doc, expected))) {
    throw new ApiError(409, 'STALE_DOCUMENT', 'Документ только что изменил другой пользователь: обновите его и повторите действие.');
  }
  const actor = principalOf(request);
  await recordAudit({ at: doc.updatedAt, actor: actor.snils, org: actor.org, action: `document-${action}`, subject: doc.docId, reason: 'Документооборот (порядок подключения к ГИС ОМС)', requestId: request.requestId });
  return doc;
}

function step(action: Exclude<DocumentAction, 'accept' | 'reject' | 'edit'>): RouteHandler {
  return async (request) => {
    const doc = await documentOf(request);
    const actor = principalOf(request);
    const { comment } = parseBody(StepBody, request.body);
    // A signer who is not the head needs a power document that was actually uploaded and is a PDF.
    const checked = action === 'sign' && !actor.isHead ? await checkedAttachments(doc) : { doc, problem: undefined };
    let next: OmsDocument;
    try {
      next = transition(checked.doc, action, actor, new Date().toISOString(), { comment });
    } catch (error) {
      if (error instanceof DocumentError && error.code === 'POWER_DOCUMENT_REQUIRED' && checked.problem) {
        throw new ApiError(409, 'POWER_DOCUMENT_INVALID', `${error.message} Сейчас: ${checked.problem}.`);
      }
      fail(error);
    }
    return ok(await save(request, { ...next, attachments: doc.attachments }, doc.version, action));
  };
}

/** The attachments that count (uploaded, ≤ 10 MB, a PDF), and why the latest one that does not. */
async function checkedAttachments(doc: OmsDocument): Promise<{ doc: OmsDocument; problem?: string }> {
  const valid = [];
  let problem: string | undefined;
  for (const a of doc.attachments) {
    const found = await uploadedObject(a.key);
    const why = powerDocumentProblem(found);
    if (why) problem = why;
    else valid.push(a);
  }
  return { doc: { ...doc, attachments: valid }, problem };
}

async function uploadedObject(key: string): Promise<UploadedObject> {
  let size: number;
  try {
    size = (await headObject(config.bucket('inbox'), key)).size;
  } catch {
    return undefined; // issued but never uploaded
  }
  if (size === 0 || size > POWER_DOCUMENT_MAX_BYTES) return { size, head: Buffer.alloc(0) };
  const chunks: Buffer[] = [];
  for await (const chunk of await readRange(config.bucket('inbox'), key, 0, PDF_MAGIC.length - 1)) chunks.push(Buffer.from(chunk));
  return { size, head: Buffer.concat(chunks) };
}

/** What accepting the document would change now, from the current state of what it names. */
async function effectsOf(doc: OmsDocument): Promise<AcceptEffects> {
  if (doc.kind === 'B') {
    const snils = (doc.payload as RequestPayload).user.snils;
    return acceptEffects(doc, { user: await loadPrincipal(normalizeSnils(snils) ?? snils) });
  }
  const p = doc.payload as NotificationPayload;
  return acceptEffects(doc, { registry: entryAt(p.mo, loadReferenceData().mos.get(p.mo), await registryVersions(p.mo), p.effectiveDate) });
}

/**
 * Applies an accepted document: the MO registry (A) or the organization's own users and grants
 * (B). Each write is conditioned on the user still being where the effects said; false when not,
 * and then nothing was changed.
 */
async function applyAccepted(doc: OmsDocument, by: string, at: string): Promise<boolean> {
  if (doc.kind === 'A') {
    const p = doc.payload as NotificationPayload;
    // A change of data leaves the MO in or out as it was on its date.
    const included = p.type === 'change' ? {} : { included: p.type === 'include' };
    await putRegistryVersion({ mo: p.mo, effectiveFrom: p.effectiveDate, ...included, data: p.type === 'exclude' ? {} : p.data, docId: doc.docId, acceptedAt: at });
    forgetMoRegistry(doc.region);
    return true;
  }
  const p = doc.payload as RequestPayload;
  const snils = normalizeSnils(p.user.snils) ?? p.user.snils;
  if (p.type === 'end-access') return endAccess(snils, doc.org, by, at);
  if (p.type === 'register') {
    if (!(await createUser({ snils, fio: p.user.fio, org: doc.org, isHead: false, active: true, createdBy: by, createdAt: at }))) return false;
  } else {
    const user = await loadPrincipal(snils);
    if (!user || user.org !== doc.org || !user.active) return false;
  }
  for (const grant of p.grants) await putGrant(snils, grant, by, at);
  return true;
}

/** The payload of the body, refused (400, field named) when it names anything outside `org`. */
async function validatePayload(kind: Authority, org: string, body: unknown): Promise<OmsDocument['payload']> {
  const { payload } = parseBody(z.object({ payload: payloadSchema(kind) }), body);
  const problem = kind === 'A' ? notificationProblem(org, payload as NotificationPayload) : requestProblem(org, payload as RequestPayload, await loadPrincipal((payload as RequestPayload).user.snils));
  if (problem) throw new ApiError(400, 'PAYLOAD_REFUSED', problem);
  return payload;
}

/** A document as shown: with what accepting it would change, while it is undecided. */
async function documentView(doc: OmsDocument) {
  const decided = doc.status === 'accepted' || doc.status === 'rejected';
  return { ...doc, effects: decided ? null : await effectsOf(doc) };
}

export const DOCUMENT_HANDLERS: Record<string, RouteHandler> = {
  [`POST ${DOC}`]: async (request) => {
    const kind = request.pathParameters.kind as Authority;
    const payload = await validatePayload(kind, request.pathParameters.org ?? '', request.body);
    const doc = createDocument(randomUUID(), kind, payload, principalOf(request), new Date().toISOString());
    return created(await documentView(await save(request, doc, undefined, 'create')));
  },
  [`GET ${DOC}`]: async (request) => ok(await documentsOf(request.pathParameters.org ?? '', request.pathParameters.kind ?? '', request.query.cursor)),
  [`GET ${DOC}/{docId}`]: async (request) => ok(await documentView(await documentOf(request))),
  [`PUT ${DOC}/{docId}`]: async (request) => {
    const doc = await documentOf(request);
    const payload = await validatePayload(doc.kind, doc.org, request.body);
    let next: OmsDocument;
    try {
      next = transition(doc, 'edit', principalOf(request), new Date().toISOString(), { payload });
    } catch (error) {
      fail(error);
    }
    return ok(await documentView(await save(request, next, doc.version, 'edit')));
  },
  [`POST ${DOC}/{docId}/approve`]: step('approve'),
  [`POST ${DOC}/{docId}/return`]: step('return'),
  [`POST ${DOC}/{docId}/sign`]: step('sign'),
  [`POST ${DOC}/{docId}/send`]: step('send'),
  [`POST ${DOC}/{docId}/attachments`]: async (request) => {
    const doc = await documentOf(request);
    if (doc.status !== 'approved') throw new ApiError(409, 'WRONG_STATUS', 'Документ о полномочиях прикладывают к согласованному документу перед подписанием.');
    const { size } = parseBody(PowerDocumentUpload, request.body);
    checkUploadSize(size, POWER_DOCUMENT_MAX_BYTES, 'документ о полномочиях — PDF до 10 МБ');
    const actor = principalOf(request);
    // The key comes from the path and the server, never from the client: one object, this document only.
    const key = powerDocumentKey(doc, randomUUID());
    const url = await signedPutUrl(config.bucket('inbox'), key, { contentType: 'application/pdf', size, expiresInSeconds: 300 });
    const at = new Date().toISOString();
    const next = { ...doc, attachments: [...doc.attachments, { key, name: 'Документ о полномочиях', size, uploadedBy: actor.snils, at }], version: doc.version + 1, updatedAt: at };
    await save(request, next, doc.version, 'attachment-url');
    return created({ uploadUrl: url, key, method: 'PUT', headers: { 'content-type': 'application/pdf', 'content-length': String(size) }, expiresInSeconds: 300, maxBytes: POWER_DOCUMENT_MAX_BYTES });
  },
  [`POST ${DOC}/{docId}/decision`]: async (request) => {
    const doc = await documentOf(request);
    const body = parseBody(DecisionBody, request.body);
    const actor = principalOf(request);
    const now = new Date().toISOString();
    let next: OmsDocument;
    try {
      next = transition(doc, body.decision === 'accepted' ? 'accept' : 'reject', actor, now, { comment: body.reason });
    } catch (error) {
      fail(error);
    }
    if (next.status === 'rejected') return ok(await save(request, next, doc.version, body.decision));
    // Checked again at the decision: the user a request names may have moved since it was written.
    const effects = await effectsOf(doc);
    if (effects.refused) throw new ApiError(409, 'PAYLOAD_REFUSED', `Принять документ нельзя. ${effects.refused} Отклоните документ с причиной (decision: rejected).`);
    const saved = await save(request, next, doc.version, body.decision);
    if (!(await applyAccepted(saved, actor.snils, now))) {
      // Moved between the check and the write: the decision is undone, nothing else was changed.
      await saveDocument({ ...doc, version: saved.version + 1, updatedAt: new Date().toISOString() }, saved.version);
      throw new ApiError(409, 'PAYLOAD_REFUSED', 'Принять документ нельзя: пользователь, названный в заявке, только что изменился (перешёл в другую организацию или уже зарегистрирован). Обновите документ и примите решение снова.');
    }
    return ok({ ...saved, effects });
  },
  'GET /v1/regions/{region}/documents': async (request) => {
    const pending = await inboxOf(request.pathParameters.region ?? '');
    const actor = principalOf(request);
    // The effects name users (СНИЛС, ФИО, grants): reading them is an access.
    await audit(request, actor, 'documents-inbox', request.pathParameters.region ?? '', 'Решение по документам участников');
    const documents = [];
    for (const item of pending) {
      const doc = await getDocument(item.docId);
      if (doc) documents.push({ ...item, type: doc.payload.type, effects: await effectsOf(doc) });
    }
    return ok({ documents });
  },
  'GET /v1/regions/{region}/mo-registry': async (request) => {
    const region = pathRegion(request).code;
    const date = dateQuery(request, 'date', regionToday(region));
    // As known now: read fresh, not from this container's copy.
    const entries = (await moRegistryOf(region, new Date().toISOString())).entriesAt(date);
    const view = ({ region: _r, ...entry }: RegistryEntry) => entry;
    return ok({ region, date, inForce: entries.filter((e) => e.included).map(view), excluded: entries.filter((e) => !e.included).map(view) });
  },
  'GET /v1/regions/{region}/mo-registry/{mo}': async (request) => {
    const { region, mo } = request.pathParameters;
    if (!mo || regionOfOrg(mo) !== region) throw new ApiError(404, 'ORG_NOT_FOUND', `МО ${mo ?? ''} не относится к региону ${region}.`);
    const date = dateQuery(request, 'date', new Date().toISOString().slice(0, 10));
    const entry = entryAt(mo, loadReferenceData().mos.get(mo), await registryVersions(mo), date);
    if (!entry) throw new ApiError(404, 'ORG_NOT_FOUND', `МО ${mo} нет в реестре на ${date}.`);
    return ok({ date, entry });
  },
};
