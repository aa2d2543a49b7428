import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { s3Client } from './clients.js';

/** Short-lived (minutes) GET URL for exactly one object; `fileName` names the download. */
export async function signedGetUrl(bucket: string, key: string, expiresInSeconds = 300, fileName?: string): Promise<string> {
  const disposition = fileName ? `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}` : undefined;
  return getSignedUrl(s3Client(), new GetObjectCommand({ Bucket: bucket, Key: key, ResponseContentDisposition: disposition }), { expiresIn: expiresInSeconds });
}

/**
 * Short-lived PUT URL for exactly one key. The content type and, when given, the exact length are
 * signed: S3 refuses an upload with another type or size, so the caller's declared size is a cap.
 */
export async function signedPutUrl(bucket: string, key: string, options: { contentType: string; size?: number; expiresInSeconds: number }): Promise<string> {
  const signed = new Set(['content-type', ...(options.size === undefined ? [] : ['content-length'])]);
  return getSignedUrl(s3Client(), new PutObjectCommand({ Bucket: bucket, Key: key, ContentType: options.contentType, ContentLength: options.size }), {
    expiresIn: options.expiresInSeconds,
    signableHeaders: signed,
  });
}
