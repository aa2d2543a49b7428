import { signedPutUrl } from '../../adapters/s3-signing.js';
import { config } from '../../config.js';
import { audit } from './audit.js';
import { ApiError, created, principalOf, type ApiRequest, type ApiResponse } from './http.js';

/** How long a signed PUT URL for an inbox upload lives. */
export const UPLOAD_SECONDS = 600;

/** Refuses an announced size above the limit before anything is signed. */
export function checkUploadSize(size: number, maxBytes: number, hint = ''): void {
  if (size > maxBytes) throw new ApiError(413, 'FILE_TOO_LARGE', `Поле size: файл ${size} байт больше допустимого (${maxBytes} байт)${hint ? `; ${hint}` : ''}.`);
}

export interface UploadGrant {
  /** The one inbox key the caller may write: chosen by the server, never by the caller. */
  key: string;
  contentType: string;
  size: number;
  maxBytes: number;
  audit: { action: string; subject: string; reason: string };
  /** Fields of the answer beside the grant (upload id, expected columns…). */
  extra?: Record<string, unknown>;
}

/**
 * An audited, short-lived signed PUT URL for exactly one new inbox object, with its content type
 * and exact size signed (S3 refuses any other), answered as 201.
 */
export async function inboxUploadGrant(request: ApiRequest, grant: UploadGrant): Promise<ApiResponse> {
  await audit(request, principalOf(request), grant.audit.action, grant.audit.subject, grant.audit.reason);
  const url = await signedPutUrl(config.bucket('inbox'), grant.key, { contentType: grant.contentType, size: grant.size, expiresInSeconds: UPLOAD_SECONDS });
  return created({
    ...grant.extra,
    uploadUrl: url,
    method: 'PUT',
    headers: { 'content-type': grant.contentType, 'content-length': String(grant.size) },
    key: grant.key,
    expiresInSeconds: UPLOAD_SECONDS,
    maxBytes: grant.maxBytes,
  });
}
