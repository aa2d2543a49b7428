import { CopyObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { PassThrough, type Readable } from 'node:stream';
import { s3Client } from './clients.js';

export interface ObjectHead {
  size: number;
  etag: string;
  versionId?: string;
}

export async function headObject(bucket: string, key: string): Promise<ObjectHead> {
  const out = await s3Client().send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  return { size: out.ContentLength ?? 0, etag: (out.ETag ?? '').replace(/"/g, ''), versionId: out.VersionId };
}

/** Server-side copy of one object version inside a bucket (no bytes pass through the function). */
export async function copyObject(bucket: string, from: { key: string; versionId?: string }, to: string): Promise<void> {
  const source = `${bucket}/${encodeURIComponent(from.key).replace(/%2F/g, '/')}${from.versionId ? `?versionId=${encodeURIComponent(from.versionId)}` : ''}`;
  await s3Client().send(new CopyObjectCommand({ Bucket: bucket, Key: to, CopySource: source }));
}

/** Streams bytes `from`…`to` (inclusive; open-ended when `to` is omitted). */
export async function readRange(bucket: string, key: string, from: number, to?: number): Promise<Readable> {
  const out = await s3Client().send(
    new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=${from}-${to ?? ''}` }),
  );
  return out.Body as Readable;
}

export async function readObject(bucket: string, key: string): Promise<Readable> {
  const out = await s3Client().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return out.Body as Readable;
}

/** Reads a whole small object; undefined when it does not exist. */
export async function readSmallObject(bucket: string, key: string): Promise<Buffer | undefined> {
  try {
    const body = await readObject(bucket, key);
    const parts: Buffer[] = [];
    for await (const part of body) parts.push(part as Buffer);
    return Buffer.concat(parts);
  } catch (error) {
    if ((error as { name?: string }).name === 'NoSuchKey') return undefined;
    throw error;
  }
}

export async function putObject(bucket: string, key: string, body: string | Buffer, contentType: string): Promise<void> {
  await s3Client().send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }));
}

/**
 * A writable stream uploaded to S3 in parts as it is written, so nothing is held whole in memory.
 * `done` must be awaited after ending the stream (and concurrently with producers that wait on
 * consumption, such as exceljs's streaming writer).
 */
export function uploadStream(bucket: string, key: string, contentType: string): { stream: PassThrough; done: Promise<void> } {
  const stream = new PassThrough();
  const upload = new Upload({
    client: s3Client(),
    params: { Bucket: bucket, Key: key, Body: stream, ContentType: contentType },
    queueSize: 2,
    partSize: 8 * 1024 * 1024,
  });
  const done = upload.done().then(() => undefined);
  // Without a handler an early rejection would be unhandled before the caller awaits it.
  done.catch(() => undefined);
  return { stream, done };
}
