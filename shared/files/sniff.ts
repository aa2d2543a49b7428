/**
 * What the first bytes of a file say it is, before anything tries to parse it: a table sent as
 * CSV is text, so NUL bytes, a high share of control bytes or another format's signature mean the
 * file is not a CSV whatever its name says — one finding, not one per garbage "column".
 */

export const isZip = (head: Uint8Array): boolean => head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;

/** Signatures of formats sent by mistake under a `.csv` name (ZIP is XLSX's, read as such). */
const SIGNATURES: Array<{ bytes: number[]; what: string }> = [
  { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], what: 'это PDF' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], what: 'это документ Microsoft Office 97–2003 (XLS/DOC); сохраните как CSV или XLSX' },
  { bytes: [0x1f, 0x8b], what: 'это архив GZIP' },
  { bytes: [0x52, 0x61, 0x72, 0x21], what: 'это архив RAR' },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], what: 'это архив 7-Zip' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'это изображение PNG' },
  { bytes: [0xff, 0xd8, 0xff], what: 'это изображение JPEG' },
];

/** Bytes below 0x20 other than tab, CR, LF (and DEL): more than this share of the head is binary. */
const CONTROL_SHARE = 0.05;
/** Bytes of the head looked at. */
export const SNIFF_BYTES = 8 * 1024;

/** Why the head is not text of a CSV (Russian, for the protocol), or undefined when it may be. */
export function notCsvText(head: Uint8Array): string | undefined {
  const sample = head.subarray(0, SNIFF_BYTES);
  for (const { bytes, what } of SIGNATURES) if (bytes.every((b, i) => sample[i] === b)) return what;
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const b = sample[i]!;
    if (b === 0) return 'в файле есть нулевые байты: это двоичный файл';
    if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) || b === 0x7f) control++;
  }
  if (sample.length && control / sample.length > CONTROL_SHARE) {
    return `управляющих символов ${Math.round((control / sample.length) * 100)} % в начале файла: это двоичный файл`;
  }
  return undefined;
}
