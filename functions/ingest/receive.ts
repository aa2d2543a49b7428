import { idempotent } from '../../shared/adapters/lambda/idempotency.js';
import { sqsBatchHandler } from '../../shared/adapters/lambda/sqs-batch.js';
import { decodeS3Key } from '../../shared/ingest/inbox.js';
import { receiveObject, type ReceivedObject } from '../../shared/services/ingest/receive.js';

// The same object can arrive twice under different message ids: key on the object version
// (objectRevision: where there are no versions, the ETag and the event's sequencer).
const receiveOnce = idempotent((object: ReceivedObject) => receiveObject(object), '[bucket, key, versionId || join(\'@\', [etag, sequencer || \'\'])]');

/** Inbox S3 notifications (via SQS) → register, check and plan each file. */
export const handler = sqsBatchHandler('inbox-events', async (body, _record, context) => {
  if (!('Records' in body)) return;
  for (const r of body.Records) {
    await receiveOnce(
      {
        bucket: r.s3.bucket.name,
        key: decodeS3Key(r.s3.object.key),
        size: r.s3.object.size ?? 0,
        etag: r.s3.object.eTag ?? '',
        versionId: r.s3.object.versionId,
        sequencer: r.s3.object.sequencer,
        eventTime: r.eventTime,
      },
      context,
    );
  }
});
