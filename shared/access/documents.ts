import { orgTypeOf, regionOfOrg, rolesOf, type Authority, type Principal, type Role } from './model.js';
import { NotificationPayload, RequestPayload } from './payloads.js';

export { NotificationPayload, RequestPayload };

/**
 * Documents of seed 003: (A) notifications on the ОМС registry of MOs, (B) requests about users.
 * They move draft → approved → signed → sent → accepted | rejected (by the TFOMS); each step is
 * allowed to one role, and every step is kept in the history with who and when.
 */
export type DocumentStatus = 'draft' | 'approved' | 'signed' | 'sent' | 'accepted' | 'rejected';
export type DocumentAction = 'edit' | 'approve' | 'return' | 'sign' | 'send' | 'accept' | 'reject';


export interface HistoryEntry {
  action: DocumentAction | 'create';
  from?: DocumentStatus;
  to: DocumentStatus;
  by: string;
  byOrg: string;
  at: string;
  comment?: string;
}

export interface Attachment {
  key: string;
  name: string;
  /** Bytes the uploader declared (and the signed URL allows); absent on attachments issued before the cap. */
  size?: number;
  uploadedBy: string;
  at: string;
}

export interface OmsDocument {
  docId: string;
  org: string;
  region: string;
  kind: Authority;
  status: DocumentStatus;
  payload: NotificationPayload | RequestPayload;
  attachments: Attachment[];
  history: HistoryEntry[];
  version: number;
  updatedAt: string;
}

export class DocumentError extends Error {
  constructor(
    readonly status: 403 | 409 | 400,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Which status an action starts from, where it leads, and which roles of the authority may take it. */
const STEPS: Record<Exclude<DocumentAction, 'accept' | 'reject'>, { from: DocumentStatus; to: DocumentStatus; roles: Role[] }> = {
  edit: { from: 'draft', to: 'draft', roles: ['Ввод данных'] },
  approve: { from: 'draft', to: 'approved', roles: ['Согласование'] },
  return: { from: 'approved', to: 'draft', roles: ['Согласование', 'Утверждение'] },
  sign: { from: 'approved', to: 'signed', roles: ['Утверждение'] },
  send: { from: 'signed', to: 'sent', roles: ['Согласование', 'Утверждение'] },
};

const STATUS_RU: Record<DocumentStatus, string> = {
  draft: 'черновик',
  approved: 'согласован',
  signed: 'подписан',
  sent: 'направлен в ТФОМС',
  accepted: 'принят ТФОМС',
  rejected: 'отклонён ТФОМС',
};

export function payloadSchema(kind: Authority) {
  return kind === 'A' ? NotificationPayload : RequestPayload;
}

export function createDocument(docId: string, kind: Authority, payload: OmsDocument['payload'], actor: Principal, now: string): OmsDocument {
  return {
    docId,
    org: actor.org,
    region: regionOfOrg(actor.org) ?? '',
    kind,
    status: 'draft',
    payload,
    attachments: [],
    history: [{ action: 'create', to: 'draft', by: actor.snils, byOrg: actor.org, at: now }],
    version: 1,
    updatedAt: now,
  };
}

/**
 * Applies one action for `actor`, or throws a DocumentError in Russian. MO/SMO staff need the
 * step's role in the document's authority (heads hold all); a non-head signs only with a power
 * document attached (seed 003); only the TFOMS of the document's region (or FOMS) decides.
 */
export function transition(
  doc: OmsDocument,
  action: DocumentAction,
  actor: Principal,
  now: string,
  opts: { comment?: string; payload?: OmsDocument['payload'] } = {},
): OmsDocument {
  let to: DocumentStatus;
  if (action === 'accept' || action === 'reject') {
    const type = orgTypeOf(actor.org);
    const mayDecide = type === 'FOMS' || (type === 'TFOMS' && actor.org === doc.region);
    if (!mayDecide) throw new DocumentError(403, 'NOT_DECIDER', `Решение по документу принимает ТФОМС региона ${doc.region}.`);
    if (doc.status !== 'sent') throw new DocumentError(409, 'WRONG_STATUS', `Документ в статусе «${STATUS_RU[doc.status]}»: решение принимается по направленным документам.`);
    if (action === 'reject' && !opts.comment?.trim()) throw new DocumentError(400, 'REASON_REQUIRED', 'Укажите причину отклонения (поле reason).');
    to = action === 'accept' ? 'accepted' : 'rejected';
  } else {
    const step = STEPS[action];
    if (doc.status !== step.from) {
      throw new DocumentError(409, 'WRONG_STATUS', `Действие невозможно: документ в статусе «${STATUS_RU[doc.status]}», нужен «${STATUS_RU[step.from]}».`);
    }
    const held = actor.org === doc.org ? rolesOf(actor, doc.kind) : [];
    if (!step.roles.some((r) => held.includes(r))) {
      throw new DocumentError(403, 'MISSING_ROLE', `Нужна роль ${step.roles.map((r) => `«${r}»`).join(' или ')} по полномочию ${doc.kind}. Обратитесь к руководителю организации.`);
    }
    if (action === 'return' && !opts.comment?.trim()) throw new DocumentError(400, 'REASON_REQUIRED', 'Укажите, что исправить (поле comment).');
    if (action === 'sign' && !actor.isHead && doc.attachments.length === 0) {
      throw new DocumentError(409, 'POWER_DOCUMENT_REQUIRED', 'Подписывает не руководитель: приложите организационно-распорядительный документ, подтверждающий полномочия.');
    }
    to = step.to;
  }
  return {
    ...doc,
    status: to,
    payload: action === 'edit' && opts.payload ? opts.payload : doc.payload,
    history: [...doc.history, { action, from: doc.status, to, by: actor.snils, byOrg: actor.org, at: now, ...(opts.comment ? { comment: opts.comment } : {}) }],
    version: doc.version + 1,
    updatedAt: now,
  };
}
