import { z } from 'zod';
import { ApiError, parseBody, principalOf, type ApiRequest } from './http.js';
import { checkUploadSize, inboxUploadGrant } from './uploads.js';
import type { RouteHandler } from './stage1.js';

/** Largest insured-person export or COVID extract a fund may upload through the API (a 5 M-row CSV is ~1 GB). */
export const EXPORT_MAX_BYTES = 2 * 1024 * 1024 * 1024;

export const ExportUploadRequest = z.object({
  size: z.number().int().positive().describe('Точный размер файла в байтах (подписывается в ссылке)'),
  name: z.string().min(1).max(120).describe('Имя файла (CSV или XLSX); символы вне букв, цифр, «.», «-», «_» заменяются на «_»'),
});

/** The file's own name, made safe for one inbox key segment: no folders, no control characters. */
export function exportFileName(name: string): string {
  const safe = name.replace(/[^0-9A-Za-zА-Яа-яЁё._-]/g, '_').replace(/^\.+/, '_');
  if (!/\.(csv|xlsx)$/i.test(safe)) throw new ApiError(400, 'BAD_FILE_NAME', `Поле name: «${name}» — нужен файл .csv или .xlsx.`);
  return safe;
}

/**
 * A fund hands in its export through the API (the console's upload): a signed PUT for the inbox key
 * the stage-1 pipeline already watches — `RR/insured/<name>`, or `federal/covid/<name>` for FOMS.
 * From there it is the same file as one dropped into the inbox: registered, checked, protocolled.
 */
export const EXPORT_HANDLERS: Record<string, RouteHandler> = {
  'POST /v1/regions/{region}/files/uploads': async (request: ApiRequest) => {
    principalOf(request);
    const region = request.pathParameters.region ?? '';
    const { size, name } = parseBody(ExportUploadRequest, request.body);
    checkUploadSize(size, EXPORT_MAX_BYTES);
    const file = exportFileName(name);
    const key = region === 'federal' ? `federal/covid/${file}` : `${region}/insured/${file}`;
    const kind = region === 'federal' ? 'Выписка регистра COVID' : 'Выгрузка застрахованных лиц';
    return inboxUploadGrant(request, {
      key,
      contentType: /\.xlsx$/i.test(file) ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv',
      size,
      maxBytes: EXPORT_MAX_BYTES,
      audit: { action: 'export-upload-url', subject: key, reason: `${kind}, ключ ${key}` },
    });
  },
};
