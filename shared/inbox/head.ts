import { readRange } from '../adapters/s3.js';
import { detectEncoding, type TextEncoding } from '../files/encoding.js';
import { isZip, notCsvText } from '../files/sniff.js';
import type { FileRecord } from '../ingest/file-record.js';
import { isXlsx } from '../ingest/inbox.js';

/** Bytes of a file read to tell its format and encoding (and a CSV's header line). */
export const HEAD_BYTES = 64 * 1024;

/** The first HEAD_BYTES of an inbox file; none for an empty one. */
export async function readHead(file: Pick<FileRecord, 'bucket' | 'key' | 'size'>): Promise<Buffer> {
  if (file.size === 0) return Buffer.alloc(0);
  const body = await readRange(file.bucket, file.key, 0, HEAD_BYTES - 1);
  const parts: Buffer[] = [];
  for await (const part of body) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

/** What the first bytes of a text file say: its encoding, or why it is not text (Russian, for F013). */
export type TextSniff = { encoding: TextEncoding; notText?: undefined } | { notText: string; encoding?: undefined };

/** What the first bytes say a table file is: an XLSX, or CSV text (or not text at all). */
export type HeadSniff = { format: 'xlsx' } | ({ format: 'csv' } & TextSniff);

export function sniffText(head: Uint8Array): TextSniff {
  const notText = notCsvText(head);
  return notText ? { notText } : { encoding: detectEncoding(head.subarray(0, HEAD_BYTES)) };
}

/**
 * An XLSX is a ZIP archive (or, where `name` is given, so named: its reader then says whether it is
 * one); anything else is a CSV — binary bytes under a .csv name are one finding (F013), not one F004
 * per garbage "column".
 */
export function sniffHead(head: Uint8Array, name?: string): HeadSniff {
  if (name === undefined ? isZip(head) : isXlsx(name, head)) return { format: 'xlsx' };
  return { format: 'csv', ...sniffText(head) };
}
