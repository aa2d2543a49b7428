import { config } from '../../config.js';
import { readObject } from '../../adapters/s3.js';
import { claimContent, createFile, getFile, updateFile } from '../../adapters/store/files.js';
import { sendMessages } from '../../adapters/sqs.js';
import { logger } from '../../adapters/lambda/logger.js';
import { splitFields } from '../../files/lines.js';
import { readXlsxRows } from '../../files/xlsx.js';
import { fileIssue } from '../../flk/codes.js';
import type { FlkIssue } from '../../flk/types.js';
import type { FileRecord } from '../../ingest/file-record.js';
import { fileIdOf, isOwnedElsewhere, objectRevision, parseInboxKey, planOf, WHOLE_FILE_QUEUES, type WholeFileQueue } from '../../ingest/inbox.js';
import { isZip } from '../../files/sniff.js';
import { HEAD_BYTES, readHead, sniffHead } from '../../inbox/head.js';
import { quarantineObject } from './quarantine.js';
import { formatOf } from '../../ingest/formats.js';
import type { ChunkMessage } from '../../ingest/messages.js';
import type { ReturnMessage } from '../../abonent/messages.js';
import type { InformingResultsMessage } from '../../informing/result-messages.js';
import type { HospitalizationFileMessage } from '../../hospitalization/messages.js';
import { loadReferenceData } from '../../reference/load.js';
import { iterate, publishProtocol, rejectWhole } from './protocol.js';

export interface ReceivedObject {
  bucket: string;
  /** Decoded key. */
  key: string;
  size: number;
  etag: string;
  versionId?: string;
  /** The event's per-key sequencer: tells two uploads of the same bytes apart where there are no versions. */
  sequencer?: string;
  eventTime: string;
}

export type ReceiveOutcome = 'ignored' | 'quarantined' | 'known' | 'rejected' | 'duplicate' | 'validating';

/**
 * First step for a file in the inbox: register it once, reject what cannot be read at all,
 * recognise a re-sent identical file, and plan the chunks to validate in parallel.
 */
export async function receiveObject(object: ReceivedObject): Promise<ReceiveOutcome> {
  if (isOwnedElsewhere(object.key)) return 'ignored';
  const address = parseInboxKey(object.key);
  if (!address) return quarantineObject(object, 'каталог приёма не относится ни к одному потоку обмена (DOMAIN.md §9): файл не обработан');
  // A region the system does not serve has nobody to read a protocol: FOMS sees it in quarantine.
  if (address.sender !== 'federal' && !loadReferenceData().regions.has(address.sender)) {
    return quarantineObject(object, fileIssue('F005', { value: address.sender }).message);
  }
  const now = new Date().toISOString();
  const fileId = fileIdOf(object.bucket, object.key, objectRevision(object));
  const created = await createFile({
    fileId,
    ...address,
    bucket: object.bucket,
    key: object.key,
    etag: object.etag,
    versionId: object.versionId,
    size: object.size,
    receivedAt: object.eventTime,
    phase: 'RECEIVED',
    updatedAt: now,
  });
  const file = (await getFile(fileId))!;
  // A redelivered event: only a file that stopped before planning needs this step again.
  if (!created && file.phase !== 'RECEIVED') return 'known';
  logger.appendKeys({ fileId });

  // SMO results and hospitalization days: their worker answers even an empty file.
  if (file.kind === 'informing' || file.kind === 'hospitalization') return queueWholeFile(file, WHOLE_FILE_QUEUES[file.kind]!);
  if (object.size === 0) return reject(file, [fileIssue('F001', {})]);

  const head = await readHead(file);
  if (file.kind === 'abonent') return receiveReturn(file, head);
  const sniffed = sniffHead(head, file.name);
  if (sniffed.format === 'csv' && sniffed.notText) return reject(file, [fileIssue('F013', { detail: sniffed.notText })]);
  const { format } = sniffed;
  const encoding = sniffed.format === 'csv' ? sniffed.encoding : undefined;
  const header = format === 'xlsx' ? await readXlsxHeader(file) : csvHeader(head, encoding!);
  if (!header) return reject(file, [fileIssue('F002', {})]);
  const headerCheck = formatOf({ ...file, header }).checkHeader(header);
  if (!headerCheck.ok) return reject(file, headerCheck.issues);

  if (await isDuplicate(file)) return 'duplicate';

  const chunkBytes = format === 'csv' ? config.chunkBytes() : undefined;
  const ranges = planOf({ format, size: object.size, chunkBytes });
  const moved = await updateFile(fileId, ['RECEIVED'], {
    phase: 'VALIDATING',
    format,
    encoding,
    header,
    chunkBytes,
    chunkCount: ranges.length,
  });
  if (!moved) return 'known';
  await sendMessages('ingest-chunks', ranges.map((r): ChunkMessage => ({ fileId, ...r })));
  logger.info('File planned', { kind: file.kind, format, encoding, chunks: ranges.length, size: object.size });
  return 'validating';
}

/** A re-sent identical file gets a DUPLICATE protocol (F007) and changes nothing. */
async function isDuplicate(file: FileRecord): Promise<boolean> {
  const earlier = await claimContent(file, async (id) => (await getFile(id))?.status !== 'REJECTED');
  if (!earlier) return false;
  const keys = await publishProtocol(
    file,
    { status: 'DUPLICATE', rows: 0, acceptedRows: 0, rejectedRows: 0, errors: 0, warnings: 1 },
    iterate([fileIssue('F007', { value: earlier })]),
  );
  await updateFile(file.fileId, ['RECEIVED'], { phase: 'DONE', status: 'DUPLICATE', duplicateOf: earlier, ...keys });
  logger.info('Identical file already received', { earlierFileId: earlier });
  return true;
}

/**
 * A filled «абонентский пункт» is one XLSX checked as a whole by its own worker (DOMAIN.md §3.5), which
 * also recognises a re-sent identical file, so the MO sees that outcome beside its other returns.
 */
function receiveReturn(file: FileRecord, head: Buffer): Promise<ReceiveOutcome> {
  // An XLSX is a ZIP archive whatever its name: text or anything else renamed .xlsx is refused here.
  if (!isZip(head)) return reject(file, [fileIssue('F009', { detail: 'файл не является XLSX (ожидается файл XLSX, выданный системой, сохранённый в Excel или LibreOffice)' })]);
  return queueWholeFile(file, WHOLE_FILE_QUEUES.abonent!, { format: 'xlsx' });
}

/** Hands a file to its own worker (WHOLE_FILE_QUEUES); a redelivered event finds it moved on. */
async function queueWholeFile(file: FileRecord, queue: WholeFileQueue, changes: Partial<FileRecord> = {}): Promise<ReceiveOutcome> {
  if (!(await updateFile(file.fileId, ['RECEIVED'], { phase: 'VALIDATING', chunkCount: 1, ...changes }))) return 'known';
  await sendMessages(queue, [{ fileId: file.fileId } satisfies ReturnMessage & InformingResultsMessage & HospitalizationFileMessage]);
  logger.info('File queued for its worker', { kind: file.kind, queue, size: file.size });
  return 'validating';
}

/** The header fields of a CSV from its first bytes; undefined when there is no usable header line. */
export function csvHeader(head: Buffer, encoding: 'utf-8' | 'windows-1251'): string[] | undefined {
  const end = head.indexOf(0x0a);
  if (end < 0 && head.length === HEAD_BYTES) return undefined;
  const text = new TextDecoder(encoding).decode(head.subarray(0, end < 0 ? head.length : end)).replace(/\r$/, '');
  const fields = splitFields(text);
  return fields.length > 1 ? fields : undefined;
}

async function readXlsxHeader(file: FileRecord): Promise<string[] | undefined> {
  const body = await readObject(file.bucket, file.key);
  try {
    for await (const row of readXlsxRows(body)) return row;
    return undefined;
  } catch {
    return undefined;
  } finally {
    body.destroy();
  }
}

async function reject(file: FileRecord, issues: FlkIssue[]): Promise<ReceiveOutcome> {
  await rejectWhole(file, issues, ['RECEIVED']);
  logger.info('File rejected at receipt', { codes: issues.map((i) => i.code) });
  return 'rejected';
}
