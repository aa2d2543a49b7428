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
