import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * s3rver 3 has CreateMultipartUpload, UploadPart and CompleteMultipartUpload (its completion
 * event is `ObjectCreated:Post`, mapped in s3-notify.ts), but answers ListParts (GET ?uploadId)
 * with 405. The API resumes and completes an upload from S3's own part list, so the emulator gets
 * that call, read from the folder where s3rver keeps the parts
 * (`<bucket>/._S3rver_uploads/<uploadId>/<n>` + `<n>.md5`). AbortMultipartUpload stays missing:
 * nothing calls it (AWS drops abandoned uploads by the buckets' lifecycle rule).
 */

interface KoaLikeContext {
  method: string;
  path: string;
  query: Record<string, string | string[] | undefined>;
  status: number;
  body: unknown;
  type: string;
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function noSuchUpload(ctx: KoaLikeContext, uploadId: string): void {
  ctx.status = 404;
  ctx.type = 'application/xml';
  ctx.body = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchUpload</Code><Message>The specified upload does not exist.</Message><UploadId>${xml(uploadId)}</UploadId></Error>`;
}

/** A Koa middleware for s3rver (path-style): ListParts; anything else passes. */
export function multipartGaps(rootDirectory: string) {
  return async (ctx: KoaLikeContext, next: () => Promise<void>): Promise<void> => {
    const uploadId = ctx.query.uploadId;
    if (typeof uploadId !== 'string' || ctx.method !== 'GET') return next();
    const [, bucket = '', ...keyParts] = ctx.path.split('/');
    const key = decodeURIComponent(keyParts.join('/'));
    // Upload ids are s3rver's hex; anything else cannot name a folder of its own.
    if (!/^[0-9a-f]+$/.test(uploadId)) return noSuchUpload(ctx, uploadId);
    const dir = join(rootDirectory, bucket, '._S3rver_uploads', uploadId);
    const ownKey = await readFile(join(dir, 'key'), 'utf8').catch(() => undefined);
    if (ownKey !== key) return noSuchUpload(ctx, uploadId);
    const numbers = (await readdir(dir)).filter((f) => /^\d+$/.test(f)).map(Number).sort((a, b) => a - b);
    const parts = await Promise.all(
      numbers.map(async (n) => {
        const [info, md5] = await Promise.all([stat(join(dir, String(n))), readFile(join(dir, `${n}.md5`), 'utf8')]);
        return `<Part><PartNumber>${n}</PartNumber><LastModified>${info.mtime.toISOString()}</LastModified><ETag>"${md5}"</ETag><Size>${info.size}</Size></Part>`;
      }),
    );
    ctx.status = 200;
    ctx.type = 'application/xml';
    ctx.body = `<?xml version="1.0" encoding="UTF-8"?><ListPartsResult><Bucket>${xml(bucket)}</Bucket><Key>${xml(key)}</Key><UploadId>${uploadId}</UploadId><IsTruncated>false</IsTruncated>${parts.join('')}</ListPartsResult>`;
  };
}
