import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  ListPartsCommand,
  UploadPartCommand,
  type Part,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { s3Client } from './clients.js';

/** One part already in S3: its number, size and the ETag S3 gave it. */
export interface UploadedPart {
  partNumber: number;
  size: number;
  eTag: string;
}

/** Starts a multipart upload of exactly one key; answers its upload id. */
export async function createMultipartUpload(bucket: string, key: string, contentType: string): Promise<string> {
  const out = await s3Client().send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ContentType: contentType }));
  if (!out.UploadId) throw new Error(`S3 answered no UploadId for ${key}`);
  return out.UploadId;
}

/**
 * The parts S3 holds for an upload — S3's word, not the client's. Undefined when S3 knows no such
 * upload of that key (a wrong or finished upload id).
 */
export async function listUploadedParts(bucket: string, key: string, uploadId: string): Promise<UploadedPart[] | undefined> {
  const parts: Part[] = [];
  let marker: string | undefined;
  try {
    do {
      const out = await s3Client().send(new ListPartsCommand({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumberMarker: marker }));
      parts.push(...(out.Parts ?? []));
      marker = out.IsTruncated ? out.NextPartNumberMarker : undefined;
    } while (marker);
  } catch (error) {
    if ((error as { name?: string }).name === 'NoSuchUpload') return undefined;
    throw error;
  }
  return parts.map((p) => ({ partNumber: p.PartNumber ?? 0, size: p.Size ?? 0, eTag: p.ETag ?? '' }));
}

/** A short-lived PUT URL for one part, its exact length signed (S3 refuses a longer or shorter part). */
export async function signedPartUrl(bucket: string, key: string, uploadId: string, partNumber: number, size: number, expiresInSeconds: number): Promise<string> {
  return getSignedUrl(s3Client(), new UploadPartCommand({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumber: partNumber, ContentLength: size }), {
    expiresIn: expiresInSeconds,
    signableHeaders: new Set(['content-length']),
  });
}

/** Assembles the object from the parts listed (S3 fires ObjectCreated:CompleteMultipartUpload). */
export async function completeMultipartUpload(bucket: string, key: string, uploadId: string, parts: UploadedPart[]): Promise<void> {
  await s3Client().send(
    new CompleteMultipartUploadCommand({
      Bucket: bucket,
      Key: key,
      UploadId: uploadId,
      MultipartUpload: { Parts: parts.map((p) => ({ PartNumber: p.partNumber, ETag: p.eTag })) },
    }),
  );
}
