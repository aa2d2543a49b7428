import { randomUUID } from 'node:crypto';
import { signedPutUrl } from '../../adapters/s3-signing.js';
import {
  createDocument,
  DocumentError,
  payloadSchema,
  transition,
  type DocumentAction,
  type NotificationPayload,
  type OmsDocument,
  type RequestPayload,
} from '../../access/documents.js';
import { orgTypeOf, regionOfOrg, type Authority } from '../../access/model.js';
import { headObject } from '../../adapters/s3.js';
import { recordAudit } from '../../adapters/store/audit.js';
import { documentsOf, getDocument, inboxOf, putRegistryVersion, registryVersions, saveDocument } from '../../adapters/store/documents.js';
import { createUser, endAccess, putGrant } from '../../adapters/store/users.js';
import { config } from '../../config.js';
import { entryAt } from '../../domain/mo-registry.js';
import { normalizeSnils } from '../../identifiers/snils.js';
import { loadReferenceData } from '../../reference/load.js';
import { ApiError, created, ok, parseBody, principalOf, type ApiRequest } from './http.js';
import type { RouteHandler } from './stage1.js';
import { dateQuery } from './params.js';

const DOC = '/v1/orgs/{org}/documents/{kind}';

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
    const comment = (request.body as { comment?: string } | undefined)?.comment;
    // A signer who is not the head needs a power document that was actually uploaded.
    const uploaded = action === 'sign' ? await uploadedAttachments(doc) : doc;
    let next: OmsDocument;
    try {
      next = transition(uploaded, action, principalOf(request), new Date().toISOString(), { comment });
    } catch (error) {
      fail(error);
    }
    return ok(await save(request, { ...next, attachments: doc.attachments }, doc.version, action));
  };
}

async function uploadedAttachments(doc: OmsDocument): Promise<OmsDocument> {
  const present = [];
  for (const a of doc.attachments) {
    try {
      await headObject(config.bucket('inbox'), a.key);
      present.push(a);
    } catch {
      // Issued but never uploaded: it does not count.
    }
  }
  return { ...doc, attachments: present };
}

/** What an accepted document changes: the MO registry (A) or users and grants (B). */
async function applyAccepted(doc: OmsDocument, by: string, at: string): Promise<void> {
  if (doc.kind === 'A') {
    const p = doc.payload as NotificationPayload;
    await putRegistryVersion({ mo: p.mo, effectiveFrom: p.effectiveDate, included: p.type !== 'exclude', data: p.data ?? {}, docId: doc.docId });
    return;
  }
  const p = doc.payload as RequestPayload;
  const snils = normalizeSnils(p.user.snils)!;
  if (p.type === 'register') await createUser({ snils, fio: p.user.fio, org: doc.org, isHead: false, active: true, createdBy: by, createdAt: at });
  if (p.type === 'end-access') await endAccess(snils, by, at);
  else for (const grant of p.grants ?? []) await putGrant(snils, grant, by, at);
}

function validatePayload(kind: Authority, org: string, body: unknown): OmsDocument['payload'] {
  const payload = parseBody<OmsDocument['payload']>(payloadSchema(kind), (body as { payload?: unknown } | undefined)?.payload);
  if (kind === 'A' && orgTypeOf(org) === 'MO' && (payload as NotificationPayload).mo !== org) {
    throw new ApiError(400, 'BAD_REQUEST', `Поле payload.mo: МО ${org} направляет уведомления только о себе.`);
  }
  if (kind === 'B' && !normalizeSnils((payload as unknown as RequestPayload).user.snils)) {
    throw new ApiError(400, 'BAD_REQUEST', 'Поле payload.user.snils: СНИЛС — 11 цифр или NNN-NNN-NNN NN.');
  }
  return payload;
}

export const DOCUMENT_HANDLERS: Record<string, RouteHandler> = {
  [`POST ${DOC}`]: async (request) => {
    const kind = request.pathParameters.kind as Authority;
    const payload = validatePayload(kind, request.pathParameters.org ?? '', request.body);
    const doc = createDocument(randomUUID(), kind, payload, principalOf(request), new Date().toISOString());
    return created(await save(request, doc, undefined, 'create'));
  },
  [`GET ${DOC}`]: async (request) => ok(await documentsOf(request.pathParameters.org ?? '', request.pathParameters.kind ?? '', request.query.cursor)),
  [`GET ${DOC}/{docId}`]: async (request) => ok(await documentOf(request)),
  [`PUT ${DOC}/{docId}`]: async (request) => {
    const doc = await documentOf(request);
    const payload = validatePayload(doc.kind, doc.org, request.body);
    try {
      return ok(await save(request, transition(doc, 'edit', principalOf(request), new Date().toISOString(), { payload }), doc.version, 'edit'));
    } catch (error) {
      fail(error);
    }
  },
  [`POST ${DOC}/{docId}/approve`]: step('approve'),
  [`POST ${DOC}/{docId}/return`]: step('return'),
  [`POST ${DOC}/{docId}/sign`]: step('sign'),
  [`POST ${DOC}/{docId}/send`]: step('send'),
  [`POST ${DOC}/{docId}/attachments`]: async (request) => {
    const doc = await documentOf(request);
    if (doc.status !== 'approved') throw new ApiError(409, 'WRONG_STATUS', 'Документ о полномочиях прикладывают к согласованному документу перед подписанием.');
    const actor = principalOf(request);
    // The key comes from the path and the server, never from the client: one object, this document only.
    const prefix = orgTypeOf(doc.org) === 'SMO' ? 'smo' : 'mo';
    const key = `${doc.region}/${prefix}/${doc.org}/documents/${doc.docId}/${randomUUID()}.pdf`;
    const url = await signedPutUrl(config.bucket('inbox'), key, { contentType: 'application/pdf', expiresInSeconds: 300 });
    const at = new Date().toISOString();
    const next = { ...doc, attachments: [...doc.attachments, { key, name: 'Документ о полномочиях', uploadedBy: actor.snils, at }], version: doc.version + 1, updatedAt: at };
    await save(request, next, doc.version, 'attachment-url');
    return created({ uploadUrl: url, key, method: 'PUT', headers: { 'content-type': 'application/pdf' }, expiresInSeconds: 300 });
  },
  [`POST ${DOC}/{docId}/decision`]: async (request) => {
    const doc = await documentOf(request);
    const body = (request.body ?? {}) as { decision?: string; reason?: string };
    if (body.decision !== 'accepted' && body.decision !== 'rejected') throw new ApiError(400, 'BAD_REQUEST', 'Поле decision: accepted или rejected.');
    const actor = principalOf(request);
    const now = new Date().toISOString();
    let next: OmsDocument;
    try {
      next = transition(doc, body.decision === 'accepted' ? 'accept' : 'reject', actor, now, { comment: body.reason });
    } catch (error) {
      fail(error);
    }
    const saved = await save(request, next, doc.version, body.decision);
    if (saved.status === 'accepted') await applyAccepted(saved, actor.snils, now);
    return ok(saved);
  },
  'GET /v1/regions/{region}/documents': async (request) => ok({ documents: await inboxOf(request.pathParameters.region ?? '') }),
  'GET /v1/regions/{region}/mo-registry/{mo}': async (request) => {
    const { region, mo } = request.pathParameters;
    if (!mo || regionOfOrg(mo) !== region) throw new ApiError(404, 'ORG_NOT_FOUND', `МО ${mo ?? ''} не относится к региону ${region}.`);
    const date = dateQuery(request, 'date', new Date().toISOString().slice(0, 10));
    const entry = entryAt(mo, loadReferenceData().mos.get(mo), await registryVersions(mo), date);
    if (!entry) throw new ApiError(404, 'ORG_NOT_FOUND', `МО ${mo} нет в реестре на ${date}.`);
    return ok({ date, entry });
  },
};
