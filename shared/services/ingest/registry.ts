import { formatOf, receivedDay, type FileFormat } from '../../ingest/formats.js';
import type { FileRecord } from '../../ingest/file-record.js';
import type { CovidCase, InsuredPerson } from '../../domain/records.js';
import { moRegistryOf } from '../mo-registry.js';

/**
 * The file's format with R012 judged on the MO registry in force on the day the file was received
 * (the sender's clock), as known at its receipt: a notification accepted later does not change a
 * verdict, so the chunk check and the re-check at load agree. One registry read per chunk, none per row.
 */
export async function formatWithRegistry(file: FileRecord): Promise<FileFormat<InsuredPerson | CovidCase>> {
  if (file.kind !== 'insured') return formatOf(file);
  const registry = await moRegistryOf(file.sender, file.receivedAt);
  return formatOf(file, registry.at(receivedDay(file)));
}
