import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { writeObjectsThrough, type S3rverFileStore } from '../../infra/local/s3rver-store.js';

/**
 * The abonent flake (issue 14): s3rver announced an object before its bytes were on disk. A disk
 * that is slow to write — what a loaded machine is — makes it certain: each write lands 30 ms late.
 */
const requireFromS3rver = createRequire(createRequire(import.meta.url).resolve('s3rver')) // lib/s3rver.js;
const FilesystemStore = requireFromS3rver('./stores/filesystem') as new (dir: string) => S3rverFileStore;
const fsExtra = requireFromS3rver('fs-extra') as { createWriteStream: (path: string) => Writable };

function slowDisk(path: string): Writable {
  const file = createWriteStream(path);
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      setTimeout(() => file.write(chunk, done), 30);
    },
    final(done) {
      file.end(done);
    },
  });
}

const body = Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(12_000, 7)]);
const KEY = '23/mo/230136/returns/f/r.xlsx';
const upload = () => ({ bucket: 'inbox', key: KEY, metadata: {}, content: Readable.from([body.subarray(0, 6000), body.subarray(6000)]) });
const onDisk = (store: S3rverFileStore, resource = 'object') => {
  const path = store.getResourcePath('inbox', KEY, resource);
  return existsSync(path) ? readFileSync(path) : Buffer.alloc(0);
};

let dir: string;
const original = fsExtra.createWriteStream;
afterEach(() => {
  fsExtra.createWriteStream = original;
  rmSync(dir, { recursive: true, force: true });
});

describe('s3rver objects are whole once put', () => {
  it('s3rver’s own store answers before the bytes are written (the cause)', async () => {
    dir = mkdtempSync(join(tmpdir(), 'omsflow-s3rver-'));
    fsExtra.createWriteStream = slowDisk;
    const store = new FilesystemStore(dir);
    await store.putObject(upload());
    expect(onDisk(store).length).toBeLessThan(body.length);
  });

  it('through writeObjectsThrough it answers only when every byte is on disk, with s3rver’s size and md5', async () => {
    dir = mkdtempSync(join(tmpdir(), 'omsflow-s3rver-'));
    const store = new FilesystemStore(dir);
    writeObjectsThrough(store, slowDisk);
    const put = await store.putObject(upload());
    expect(onDisk(store).equals(body)).toBe(true);
    expect(put).toEqual({ size: body.length, md5: createHash('md5').update(body).digest('hex') });
    expect(onDisk(store, 'object.md5').toString()).toBe(put.md5);
    // A Buffer body (PutObject from the SDK with a known length) too.
    const again = await store.putObject({ ...upload(), content: body });
    expect([again.size, onDisk(store).equals(body)]).toEqual([body.length, true]);
  });
});
