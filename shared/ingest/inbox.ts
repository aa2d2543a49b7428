import { createHash } from 'node:crypto';
import type { FileKind } from '../domain/records.js';
import { parseResultsKey } from '../informing/result-keys.js';
import { parseHospitalizationKey } from '../hospitalization/keys.js';
import { compactStamp } from '../domain/time.js';
import { isZip } from '../files/sniff.js';
import type { QueueId } from '../runtime/queues.js';

/**
 * Kinds checked whole by their own worker (one queue each), which answers every outcome itself —
 * empty, unreadable, wrong format — so the sender sees it beside its other uploads. The other kinds
 * go through the chunked stage-1 pipeline.
 */
const WHOLE_FILE_QUEUE_OF = {
  abonent: 'abonent-returns',
  informing: 'informing-results',
  hospitalization: 'hospitalization-files',
} as const satisfies Partial<Record<FileKind, QueueId>>;
export type WholeFileQueue = (typeof WHOLE_FILE_QUEUE_OF)[keyof typeof WHOLE_FILE_QUEUE_OF];
export const WHOLE_FILE_QUEUES: Partial<Record<FileKind, WholeFileQueue>> = WHOLE_FILE_QUEUE_OF;

/** What an inbox key says about a file (DOMAIN.md §9). */
export interface InboxAddress {
  kind: FileKind;
  /** Region code, or `federal`. */
  sender: string;
  prefix: string;
  name: string;
}

const INSURED = /^(\d{2})\/insured\/(.+)$/;
const COVID = /^federal\/covid\/(.+)$/;
const ABONENT_RETURN = /^((\d{2})\/mo\/\d{6}\/returns\/ap-[0-9a-f]{16})\/([^/]+)$/;

/** Recognizes the inbox keys of files to validate (DOMAIN.md §9); other keys belong to nobody here. */
export function parseInboxKey(key: string): InboxAddress | undefined {
  const insured = INSURED.exec(key);
  if (insured) return { kind: 'insured', sender: insured[1]!, prefix: `${insured[1]}/insured`, name: insured[2]! };
  const covid = COVID.exec(key);
  if (covid) return { kind: 'covid', sender: 'federal', prefix: 'federal/covid', name: covid[1]! };
  const returned = ABONENT_RETURN.exec(key);
  if (returned) return { kind: 'abonent', sender: returned[2]!, prefix: returned[1]!, name: returned[3]! };
  const results = parseResultsKey(key);
  if (results) return { kind: 'informing', sender: results.region, prefix: results.prefix, name: results.name };
  const hospitalization = parseHospitalizationKey(key);
  if (hospitalization) return { kind: 'hospitalization', sender: hospitalization.region, prefix: hospitalization.prefix, name: hospitalization.name };
  return undefined;
}

/**
 * Where the receiver keeps a copy of a file that belongs to no flow (unknown folder, a region the
 * system does not serve). Keys under it are never parsed as a flow's (`parseInboxKey` would not
 * match them anyway) and are skipped before anything else: the copy's own notification is not a
 * new file, so nothing loops.
 */
export const QUARANTINE_PREFIX = 'quarantine/';

/** `quarantine/<received-at>-<id>/<original key>`: sorted by time, one per object version. */
export function quarantineKeyOf(key: string, receivedAt: string, id: string): string {
  return `${QUARANTINE_PREFIX}${compactStamp(receivedAt)}-${id.slice(0, 8)}/${key}`;
}

/** Power documents of seed-003 documents (shared/services/api/documents.ts): read by the API, no file flow. */
const DOCUMENT_ATTACHMENT = /^\d{2}\/(mo|smo)\/\d{5,6}\/documents\//;

/** Inbox keys another part of the system owns: neither a flow's file nor one to quarantine. */
export function isOwnedElsewhere(key: string): boolean {
  return key.startsWith(QUARANTINE_PREFIX) || DOCUMENT_ATTACHMENT.test(key);
}

/** S3 notifications URL-encode keys with `+` for spaces. */
export function decodeS3Key(encoded: string): string {
  return decodeURIComponent(encoded.replace(/\+/g, ' '));
}

/** The same object version always gets the same id, so redelivered events find their file. */
export function fileIdOf(bucket: string, key: string, versionOrEtag: string): string {
  return createHash('sha256').update(`${bucket}\n${key}\n${versionOrEtag}`).digest('hex').slice(0, 20);
}

/**
 * What tells one upload of a key from another: the version id (the inbox is versioned in AWS).
 * Without one (s3rver keeps no versions) the same bytes put again have the same ETag, so the
 * event's sequencer, which S3 raises with every write of a key, tells the uploads apart; a
 * redelivered event carries the same sequencer and so still finds its file.
 */
export function objectRevision(o: { versionId?: string; etag: string; sequencer?: string }): string {
  return o.versionId ?? (o.sequencer ? `${o.etag}@${o.sequencer}` : o.etag);
}

/**
 * Whose earlier files a file is compared with to recognise a re-sent copy: only its sender's own.
 * A region's export and the federal register are their sender's (`77`, `federal`); an MO's return
 * is compared only with the returns of the same handed-out file, and an MO's or SMO's upload only
 * with that organization's (their folder, the key's prefix). So a copy of another MO's return is
 * checked as what it is (F010) and no answer ever names another organization's file.
 */
export function contentScopeOf(file: Pick<InboxAddress, 'kind' | 'sender' | 'prefix'>): string {
  return file.kind === 'insured' || file.kind === 'covid' ? file.sender : file.prefix;
}

/** DOMAIN.md §9: outbox `<prefix>/protocols/<name>/<received-at>-<fileId>.flk.csv|.flk.xlsx`. */
export function protocolKeys(address: Pick<InboxAddress, 'prefix' | 'name'>, receivedAt: string, fileId: string) {
  const stamp = compactStamp(receivedAt);
  const base = `${address.prefix}/protocols/${address.name}/${stamp}-${fileId}`;
  return { csv: `${base}.flk.csv`, xlsx: `${base}.flk.xlsx` };
}

export interface ByteRange {
  chunk: number;
  start: number;
  end: number;
}

/** Splits [0, size) into ranges of about `chunkBytes`; chunk workers realign them to lines. */
export function planChunks(size: number, chunkBytes: number): ByteRange[] {
  const ranges: ByteRange[] = [];
  for (let start = 0, chunk = 0; start < size; start += chunkBytes, chunk++) {
    ranges.push({ chunk, start, end: Math.min(size, start + chunkBytes) });
  }
  return ranges.length ? ranges : [{ chunk: 0, start: 0, end: 1 }];
}

/** The chunks of a planned file: one for XLSX, byte ranges of `chunkBytes` for CSV. */
export function planOf(file: { format?: 'csv' | 'xlsx'; size: number; chunkBytes?: number }): ByteRange[] {
  if (file.format === 'xlsx' || !file.chunkBytes) return [{ chunk: 0, start: 0, end: Math.max(1, file.size) }];
  return planChunks(file.size, file.chunkBytes);
}

export function isXlsx(name: string, head: Uint8Array): boolean {
  return isZip(head) || /\.xlsx$/i.test(name);
}

/** Work-bucket keys of a file's intermediate results (expire with the bucket's lifecycle rule). */
export const workKeys = {
  issues: (fileId: string, chunk: number) => `files/${fileId}/chunks/${pad(chunk)}/issues.ndjson`,
  enps: (fileId: string, chunk: number) => `files/${fileId}/chunks/${pad(chunk)}/enps.tsv`,
  crossKeys: (fileId: string, chunk: number) => `files/${fileId}/chunks/${pad(chunk)}/cross-keys.tsv`,
  duplicates: (fileId: string, chunk: number) => `files/${fileId}/chunks/${pad(chunk)}/duplicates.json`,
};
const pad = (n: number) => String(n).padStart(5, '0');
