/**
 * How a large upload is cut into parts, and whether the parts S3 holds make the declared file.
 * Plain arithmetic, no AWS: the server fixes the part size, so both sides agree on every part's
 * length without trusting each other.
 */

/** Files above this go in parts (a single signed PUT is fine below; S3's minimum part is 5 MiB). */
export const MULTIPART_THRESHOLD_BYTES = 16 * 1024 * 1024;
/** Every part but the last has exactly this many bytes. */
export const PART_BYTES = 8 * 1024 * 1024;
/** Signed part URLs in one answer: at 10 minutes each, a slow line can still use them all. */
export const PART_URLS_PER_ANSWER = 16;

export const partCount = (size: number): number => Math.ceil(size / PART_BYTES);

/** Length of part `n` (1-based) of a `size`-byte file. */
export const partLength = (size: number, n: number): number => Math.min(PART_BYTES, size - (n - 1) * PART_BYTES);

export interface PartOnRecord {
  partNumber: number;
  size: number;
}

/** A part S3 holds is the plan's part: its number within the file and its exact length. */
export const fitsPlan = (size: number, p: PartOnRecord): boolean => p.partNumber >= 1 && p.partNumber <= partCount(size) && p.size === partLength(size, p.partNumber);

/** Part numbers still to upload, ascending: absent, or present with a length other than the plan's. */
export function missingParts(size: number, uploaded: PartOnRecord[]): number[] {
  const done = new Set(uploaded.filter((p) => fitsPlan(size, p)).map((p) => p.partNumber));
  return Array.from({ length: partCount(size) }, (_, i) => i + 1).filter((n) => !done.has(n));
}

/**
 * Why the uploaded parts are not yet the declared file, in Russian, or undefined: parts missing,
 * parts beyond the plan, or a total other than `size`.
 */
export function completionProblem(size: number, uploaded: PartOnRecord[]): string | undefined {
  const missing = missingParts(size, uploaded);
  if (missing.length) return `Загружены не все части файла: не хватает ${missing.length} из ${partCount(size)} (части ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? '…' : ''}).`;
  const extra = uploaded.filter((p) => p.partNumber > partCount(size));
  const total = uploaded.reduce((sum, p) => sum + p.size, 0);
  if (extra.length || total !== size) return `Поле size: заявлено ${size} байт, а в хранилище ${total} байт — размер не совпадает.`;
  return undefined;
}
