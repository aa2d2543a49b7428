import { putWithProgress } from './upload';

/**
 * A large file in parts, resumable: the server fixes the parts and signs a URL for each; S3's own
 * part list (the `parts` route) says what is left after a lost connection or a reload. The browser
 * keeps only which upload belongs to which file (localStorage), never which parts it believes done.
 */

/** The multipart answer of `POST …/files/uploads` (large sizes) and of `…/{uploadId}/parts`. */
export interface MultipartAnswer {
  key: string;
  uploadId: string;
  size: number;
  partSize: number;
  partCount: number;
  uploaded: Array<{ partNumber: number; size: number }>;
  parts: Array<{ partNumber: number; size: number; uploadUrl: string }>;
}

export const isMultipart = (answer: object): answer is MultipartAnswer => 'uploadId' in answer;

/** What identifies "the same file chosen again": its name, size and modification time. */
interface SavedUpload {
  uploadId: string;
  key: string;
  name: string;
  size: number;
  lastModified: number;
}

const storageKey = (scope: string) => `omsflow.multipart.${scope}`;
const sameFile = (saved: SavedUpload, file: File) => saved.name === file.name && saved.size === file.size && saved.lastModified === file.lastModified;

/** The unfinished upload of this very file in `scope` (a region), if one was started here. */
export function savedUpload(scope: string, file: File): SavedUpload | undefined {
  try {
    const saved = JSON.parse(localStorage.getItem(storageKey(scope)) ?? 'null') as SavedUpload | null;
    return saved && sameFile(saved, file) ? saved : undefined;
  } catch {
    return undefined;
  }
}

export function rememberUpload(scope: string, file: File, answer: MultipartAnswer): void {
  const saved: SavedUpload = { uploadId: answer.uploadId, key: answer.key, name: file.name, size: file.size, lastModified: file.lastModified };
  localStorage.setItem(storageKey(scope), JSON.stringify(saved));
}

export const forgetUpload = (scope: string): void => localStorage.removeItem(storageKey(scope));

/** Parts in flight at once: enough to fill a line, few enough that a drop loses little. */
const PARALLEL = 2;

/**
 * Uploads every part the answers name, asking `more` for the next answer until none is missing;
 * progress is over the whole file, parts already in S3 included. Rejects with the first failure
 * (CONNECTION_LOST on a dropped line) once the parts in flight settle — what reached S3 stays
 * there for the resume.
 */
export async function uploadParts(file: Blob, first: MultipartAnswer, more: () => Promise<MultipartAnswer>, onProgress: (percent: number) => void): Promise<void> {
  let answer = first;
  while (answer.parts.length) {
    const done = answer.uploaded.reduce((sum, p) => sum + p.size, 0);
    const loading = new Map<number, number>();
    const report = () => onProgress(Math.min(99, Math.floor(((done + [...loading.values()].reduce((a, b) => a + b, 0)) / file.size) * 100)));
    report();
    const queue = [...answer.parts];
    const { partSize, key } = answer;
    // After a failure no new part starts; parts in flight finish (or fail) before the error is
    // reported, so the bar then shows what S3 holds.
    let failed = false;
    const worker = async () => {
      for (let part = queue.shift(); part && !failed; part = queue.shift()) {
        const { partNumber, size, uploadUrl } = part;
        const from = (partNumber - 1) * partSize;
        try {
          await putWithProgress({ uploadUrl, method: 'PUT', headers: {}, key }, file.slice(from, from + size), (_, loaded) => {
            loading.set(partNumber, loaded);
            report();
          });
        } catch (e) {
          failed = true;
          loading.delete(partNumber);
          report();
          throw e;
        }
        loading.set(partNumber, size);
        report();
      }
    };
    const outcomes = await Promise.allSettled(Array.from({ length: PARALLEL }, worker));
    const failure = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failure) throw failure.reason;
    answer = await more();
  }
}
