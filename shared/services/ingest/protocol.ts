import { issueCounts } from '../../flk/codes.js';
import { config } from '../../config.js';
import { updateFile } from '../../adapters/store/files.js';
import type { FilePhase } from '../../ingest/file-record.js';
import { uploadStream } from '../../adapters/s3.js';
import { writeProtocols, type ProtocolSummary } from '../../flk/protocol.js';
import type { FlkIssue } from '../../flk/types.js';
import type { FileRecord } from '../../ingest/file-record.js';
import { protocolKeys } from '../../ingest/inbox.js';

/** What the pipeline decides about a file; the rest of the protocol summary comes from its record. */
export type ProtocolTotals = Pick<ProtocolSummary, 'status' | 'rows' | 'acceptedRows' | 'rejectedRows' | 'errors' | 'warnings'>;

/** Streams the ФЛК protocol (CSV and XLSX in one pass) to the outbox keys of DOMAIN.md §9. */
export async function publishProtocol(
  file: FileRecord,
  totals: ProtocolTotals,
  issues: AsyncIterable<FlkIssue>,
): Promise<{ protocolCsvKey: string; protocolXlsxKey: string }> {
  const keys = protocolKeys(file, file.receivedAt, file.fileId);
  const outbox = config.bucket('outbox');
  const csv = uploadStream(outbox, keys.csv, 'text/csv; charset=utf-8');
  const xlsx = uploadStream(outbox, keys.xlsx, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  // The XLSX writer only finishes while its output is consumed: run the uploads alongside.
  await Promise.all([
    writeProtocols(
      {
        fileId: file.fileId,
        fileName: file.name,
        key: file.key,
        sender: file.sender,
        receivedAt: file.receivedAt,
        kind: file.kind,
        encoding: file.encoding,
        ...totals,
      },
      issues,
      { csv: csv.stream, xlsx: xlsx.stream },
    ),
    csv.done,
    xlsx.done,
  ]);
  return { protocolCsvKey: keys.csv, protocolXlsxKey: keys.xlsx };
}

export async function* iterate<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items;
}

/**
 * A stage-1 file rejected as a whole (nothing loaded): the protocol with `issues`, then the guarded
 * move from one of `from` to DONE. False when the file had moved on meanwhile.
 */
export async function rejectWhole(file: FileRecord, issues: FlkIssue[], from: FilePhase[]): Promise<boolean> {
  const counts = { rows: 0, acceptedRows: 0, rejectedRows: 0, ...issueCounts(issues) };
  const keys = await publishProtocol(file, { status: 'REJECTED', ...counts }, iterate(issues));
  return updateFile(file.fileId, from, { phase: 'DONE', status: 'REJECTED', ...keys, ...counts });
}
