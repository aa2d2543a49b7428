import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable, Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * s3rver 3's FilesystemStore.putObject resolves once its hashing Transform has *taken* the body,
 * not once the file's write stream has flushed it. So the 200 to the uploader and the
 * ObjectCreated event can go out while the object on disk is still short, and a worker woken by
 * the event reads a truncated file: a valid «абонентский пункт» return then ends REJECTED with 0
 * rows (F002, a broken XLSX) — the signature of the abonent flake under load (issue 14). S3 has
 * read-after-write consistency; this replacement keeps s3rver's files (object + metadata) and
 * resolves only when every byte is written. Multipart completion goes through it too.
 */

/** The part of s3rver's FilesystemStore the replacement uses. */
export interface S3rverFileStore {
  getResourcePath(bucket: string, key: string, resource: string): string;
  putMetadata(bucket: string, key: string, metadata: unknown, md5: string): Promise<void>;
  putObject(object: S3rverObject): Promise<{ size: number; md5: string }>;
}

interface S3rverObject {
  bucket: string;
  key: string;
  metadata: unknown;
  content: Buffer | Readable;
}

/** Makes `store.putObject` resolve after the object's bytes are on disk. `open` is for tests. */
export function writeObjectsThrough(store: S3rverFileStore, open: (path: string) => Writable = createWriteStream): void {
  store.putObject = async (object) => {
    const path = store.getResourcePath(object.bucket, object.key, 'object');
    await mkdir(dirname(path), { recursive: true });
    const md5 = createHash('md5');
    let size = 0;
    const count = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        md5.update(chunk);
        size += chunk.length;
        done(null, chunk);
      },
    });
    const content = Buffer.isBuffer(object.content) ? Readable.from([object.content]) : object.content;
    await pipeline(content, count, open(path));
    const digest = md5.digest('hex');
    await store.putMetadata(object.bucket, object.key, object.metadata, digest);
    return { size, md5: digest };
  };
}
