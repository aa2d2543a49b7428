import { copyObject } from '../../adapters/s3.js';
import { logger } from '../../adapters/lambda/logger.js';
import { putQuarantined } from '../../adapters/store/quarantine.js';
import { fileIdOf, objectRevision, quarantineKeyOf } from '../../ingest/inbox.js';
import type { ReceivedObject } from './receive.js';

/**
 * A file that belongs to no flow is not dropped: a copy goes under `quarantine/` in the inbox (the
 * original stays where it was sent — the bucket is versioned and nothing is deleted) and a record
 * lets FOMS find it (GET /v1/quarantine) and tell the sender. Repeating it rewrites the same copy
 * and record, so a redelivered notification changes nothing.
 */
export async function quarantineObject(object: ReceivedObject, reason: string): Promise<'quarantined'> {
  const id = fileIdOf(object.bucket, object.key, objectRevision(object));
  const quarantineKey = quarantineKeyOf(object.key, object.eventTime, id);
  await copyObject(object.bucket, { key: object.key, versionId: object.versionId }, quarantineKey);
  await putQuarantined({
    id,
    key: object.key,
    versionId: object.versionId,
    etag: object.etag,
    size: object.size,
    receivedAt: object.eventTime,
    quarantineKey,
    reason,
  });
  logger.warn('File quarantined: it belongs to no flow', { quarantineKey, reason });
  return 'quarantined';
}
