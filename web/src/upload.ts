import { errorMessage } from './api/client';
import { CONNECTION_LOST } from './upload-checks';

/**
 * A file into a signed PUT URL with progress: fetch() reports no upload progress, XMLHttpRequest
 * does. The URL signs the exact size and content type, so both are sent as granted.
 */
export interface UploadGrantBody {
  uploadUrl: string;
  method: 'PUT';
  headers: Record<string, string>;
  key: string;
}

export function putWithProgress(grant: UploadGrantBody, file: Blob, onProgress: (percent: number, loadedBytes: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(grant.method, grant.uploadUrl);
    // Every header the URL was signed with; content-length is the browser's to set (a forbidden
    // header) and equals the signed size, the file's own.
    for (const [name, value] of Object.entries(grant.headers)) if (name.toLowerCase() !== 'content-length') xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(Math.round((e.loaded / e.total) * 100), e.loaded);
    xhr.onload = () => (xhr.status >= 200 && xhr.status < 300 ? resolve() : reject(new Error(`Хранилище отклонило файл (HTTP ${xhr.status}).`)));
    xhr.onerror = () => reject(new Error(CONNECTION_LOST));
    xhr.send(file);
  });
}

/** A failed send in Russian: a network failure (fetch's TypeError, XHR's error) reads as a lost connection. */
export function sendFailure(e: unknown): string {
  return e instanceof TypeError ? CONNECTION_LOST : (e as Error).message;
}

export type Sent = { ok: true; grant: UploadGrantBody; name: string } | { ok: false; message: string; retryable: boolean };

/**
 * The console's upload of one file: ask the route for a signed grant, then PUT the file with
 * progress. Every failure comes back as a Russian message; a lost connection is `retryable`, and
 * the caller keeps the file for «Повторить», which asks for a new grant (the old one is short-lived).
 */
export async function sendWithGrant(
  requestGrant: () => Promise<{ data?: unknown; error?: unknown; response: Response }>,
  file: Blob,
  onProgress: (percent: number) => void,
): Promise<Sent> {
  try {
    const { data, error, response } = await requestGrant();
    if (!data) return { ok: false, message: errorMessage(error, response.status), retryable: false };
    const grant = data as UploadGrantBody;
    await putWithProgress(grant, file, onProgress);
    return { ok: true, grant, name: grant.key.split('/').pop()! };
  } catch (e) {
    const message = sendFailure(e);
    return { ok: false, message, retryable: message === CONNECTION_LOST };
  }
}

/** A `;`-separated CSV line with "quoted" fields (the ФЛК protocol's format). */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ';') out.push(field), (field = '');
    else field += c;
  }
  out.push(field);
  return out;
}

export interface ProtocolIssue {
  row: string;
  field: string;
  value: string;
  code: string;
  level: string;
  message: string;
}

/** The issue table of a ФЛК protocol CSV (after its summary lines, from the «Строка;…» heading). */
export function protocolIssues(text: string): ProtocolIssue[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const start = lines.findIndex((l) => l.startsWith('Строка;'));
  if (start < 0) return [];
  return lines
    .slice(start + 1)
    .filter((l) => l.trim())
    .map((l) => {
      const [row = '', field = '', value = '', code = '', level = '', message = ''] = splitCsvLine(l);
      return { row, field, value, code, level, message };
    });
}
