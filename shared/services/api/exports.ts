import { z } from 'zod';
import { completeMultipartUpload, createMultipartUpload, listUploadedParts, signedPartUrl, type UploadedPart } from '../../adapters/s3-multipart.js';
import { config } from '../../config.js';
import { completionProblem, fitsPlan, missingParts, MULTIPART_THRESHOLD_BYTES, PART_BYTES, PART_URLS_PER_ANSWER, partCount, partLength } from '../../domain/multipart.js';
import { audit } from './audit.js';
import { ApiError, created, ok, parseBody, principalOf, type ApiRequest, type RouteHandler } from './http.js';
import { checkUploadSize, inboxUploadGrant, UPLOAD_SECONDS } from './uploads.js';

/** Largest insured-person export or COVID extract a fund may upload through the API (a 5 M-row CSV is ~1 GB). */
export const EXPORT_MAX_BYTES = 2 * 1024 * 1024 * 1024;

export const ExportUploadRequest = z.object({
  size: z.number().int().positive().describe('Точный размер файла в байтах (подписывается в ссылке); больше 16 МБ — загрузка по частям'),
  name: z.string().min(1).max(120).describe('Имя файла (CSV или XLSX); символы вне букв, цифр, «.», «-», «_» заменяются на «_»'),
});

/** The file's own name, made safe for one inbox key segment: no folders, no control characters. */
export function exportFileName(name: string): string {
  const safe = name.replace(/[^0-9A-Za-zА-Яа-яЁё._-]/g, '_').replace(/^\.+/, '_');
  if (!/\.(csv|xlsx)$/i.test(safe)) throw new ApiError(400, 'BAD_FILE_NAME', `Поле name: «${name}» — нужен файл .csv или .xlsx.`);
  return safe;
}

/**
 * The inbox key the stage-1 pipeline already watches — `RR/insured/<name>`, or `federal/covid/<name>`
 * for FOMS — chosen by the server from the region and the file's name, on every call alike.
 */
function exportTarget(region: string, name: string) {
  const file = exportFileName(name);
  const key = region === 'federal' ? `federal/covid/${file}` : `${region}/insured/${file}`;
  return {
    key,
    kind: region === 'federal' ? 'Выписка регистра COVID' : 'Выгрузка застрахованных лиц',
    contentType: /\.xlsx$/i.test(file) ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv',
  };
}

/** What a multipart call says: the parts S3 already holds and signed URLs for the next missing ones. */
async function partsAnswer(key: string, uploadId: string, size: number, uploaded: UploadedPart[]) {
  const bucket = config.bucket('inbox');
  const next = missingParts(size, uploaded).slice(0, PART_URLS_PER_ANSWER);
  return {
    key,
    uploadId,
    size,
    partSize: PART_BYTES,
    partCount: partCount(size),
    uploaded: uploaded.filter((p) => fitsPlan(size, p)).map((p) => ({ partNumber: p.partNumber, size: p.size })),
    parts: await Promise.all(
      next.map(async (n) => ({ partNumber: n, size: partLength(size, n), uploadUrl: await signedPartUrl(bucket, key, uploadId, n, partLength(size, n), UPLOAD_SECONDS) })),
    ),
    expiresInSeconds: UPLOAD_SECONDS,
    maxBytes: EXPORT_MAX_BYTES,
  };
}

/** The parts S3 holds for this caller's upload of this file, or a Russian 404 naming the upload id. */
async function partsOnRecord(request: ApiRequest): Promise<{ key: string; uploadId: string; size: number; uploaded: UploadedPart[] }> {
  principalOf(request);
  const region = request.pathParameters.region ?? '';
  const uploadId = request.pathParameters.uploadId ?? '';
  const { size, name } = parseBody(ExportUploadRequest, request.body);
  checkUploadSize(size, EXPORT_MAX_BYTES);
  const { key } = exportTarget(region, name);
  const uploaded = await listUploadedParts(config.bucket('inbox'), key, uploadId);
  if (!uploaded) {
    throw new ApiError(404, 'UPLOAD_NOT_FOUND', `Загрузка ${uploadId} файла «${name}» не найдена: она завершена, отменена или начата для другого файла либо региона. Начните загрузку заново.`);
  }
  return { key, uploadId, size, uploaded };
}

/**
 * A fund hands in its export through the API (the console's upload). Up to 16 MB: one signed PUT.
 * Larger: an S3 multipart upload of the same key — signed URLs per part, a resume call that asks S3
 * which parts it holds, and a completion that checks S3's parts (never the client's list) against
 * the declared size. From there it is the same file as one dropped into the inbox: registered,
 * checked, protocolled. Abandoned uploads go by the inbox bucket's lifecycle rule.
 */
export const EXPORT_HANDLERS: Record<string, RouteHandler> = {
  'POST /v1/regions/{region}/files/uploads': async (request: ApiRequest) => {
    const caller = principalOf(request);
    const region = request.pathParameters.region ?? '';
    const { size, name } = parseBody(ExportUploadRequest, request.body);
    checkUploadSize(size, EXPORT_MAX_BYTES);
    const { key, kind, contentType } = exportTarget(region, name);
    if (size > MULTIPART_THRESHOLD_BYTES) {
      await audit(request, caller, 'export-upload-url', key, `${kind}, ключ ${key}, по частям`);
      const uploadId = await createMultipartUpload(config.bucket('inbox'), key, contentType);
      return created(await partsAnswer(key, uploadId, size, []));
    }
    return inboxUploadGrant(request, {
      key,
      contentType,
      size,
      maxBytes: EXPORT_MAX_BYTES,
      audit: { action: 'export-upload-url', subject: key, reason: `${kind}, ключ ${key}` },
    });
  },

  'POST /v1/regions/{region}/files/uploads/{uploadId}/parts': async (request: ApiRequest) => {
    const { key, uploadId, size, uploaded } = await partsOnRecord(request);
    return ok(await partsAnswer(key, uploadId, size, uploaded));
  },

  'POST /v1/regions/{region}/files/uploads/{uploadId}/complete': async (request: ApiRequest) => {
    const { key, uploadId, size, uploaded } = await partsOnRecord(request);
    const problem = completionProblem(size, uploaded);
    if (problem) throw new ApiError(409, 'UPLOAD_INCOMPLETE', problem);
    await audit(request, principalOf(request), 'export-upload-complete', key, `Загрузка по частям завершена: ${uploaded.length} частей, ${size} байт`);
    await completeMultipartUpload(config.bucket('inbox'), key, uploadId, [...uploaded].sort((a, b) => a.partNumber - b.partNumber));
    return ok({ key, size });
  },
};
