import { z } from 'zod';
import type { OmsDocument } from './documents.js';
import { orgTypeOf } from './model.js';

/**
 * The power document (seed 003: the order that lets a non-head sign): a PDF of at most 10 MB the
 * signer uploads through a signed PUT URL under a key the server chooses. The declared size is
 * signed, so the upload is capped; what arrived is checked again before the signature counts.
 */
export const POWER_DOCUMENT_MAX_BYTES = 10 * 1024 * 1024;
export const PDF_MAGIC = '%PDF-';

export const PowerDocumentUpload = z.object({
  size: z.number({ error: 'размер файла в байтах (целое число), не больше 10 МБ' }).int('целое число байт').positive('файл не может быть пустым'),
});

/** Inbox keys of power documents: `RR/mo|smo/<org>/documents/<docId>/<uuid>.pdf` (not a file to validate). */
export const POWER_DOCUMENT_KEY = /^\d{2}\/(mo|smo)\/\d{5,6}\/documents\/[0-9a-f-]{36}\/[0-9a-f-]{36}\.pdf$/;

export function powerDocumentKey(doc: Pick<OmsDocument, 'region' | 'org' | 'docId'>, id: string): string {
  return `${doc.region}/${orgTypeOf(doc.org) === 'SMO' ? 'smo' : 'mo'}/${doc.org}/documents/${doc.docId}/${id}.pdf`;
}

/** What was found at an attachment's key: nothing, or its size and first bytes. */
export type UploadedObject = { size: number; head: Buffer } | undefined;

/** Why an uploaded power document does not count, in Russian; undefined when it does. */
export function powerDocumentProblem(found: UploadedObject): string | undefined {
  if (!found) return 'документ о полномочиях не загружен по выданной ссылке';
  if (found.size === 0) return 'загруженный документ о полномочиях пуст';
  if (found.size > POWER_DOCUMENT_MAX_BYTES) return `загруженный документ о полномочиях больше 10 МБ (${found.size} байт)`;
  if (!found.head.subarray(0, PDF_MAGIC.length).equals(Buffer.from(PDF_MAGIC))) return 'загруженный документ о полномочиях — не PDF (файл должен начинаться с «%PDF-»)';
  return undefined;
}
