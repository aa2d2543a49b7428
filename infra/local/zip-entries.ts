import { inflateRawSync } from 'node:zlib';

/**
 * Just enough of a zip reader to look at the raw XML parts of an XLSX (stored or deflated entries,
 * no zip64): exceljs hides what we need to see in an office-saved file (e.g. it reads only `1`/`0`
 * as booleans), and the project has no zip library of its own.
 */
export interface ZipEntries {
  /** Entry names in central-directory order (= the order they were written). */
  names: string[];
  /** The entry's bytes, or undefined when the zip has no such entry. */
  read(name: string): Buffer | undefined;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export function readZipEntries(zip: Buffer): ZipEntries {
  const eocd = findEndOfCentralDirectory(zip);
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  if (at === 0xffffffff) throw new Error('zip64 не поддерживается / zip64 is not supported');
  const entries = new Map<string, { method: number; size: number; local: number }>();
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== CENTRAL) throw new Error(`повреждён центральный каталог zip / broken zip central directory at ${at}`);
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const skip = nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    entries.set(name, { method, size, local: zip.readUInt32LE(at + 42) });
    names.push(name);
    at += 46 + skip;
  }
  return {
    names,
    read(name) {
      const entry = entries.get(name);
      if (!entry) return undefined;
      if (zip.readUInt32LE(entry.local) !== LOCAL) throw new Error(`повреждена запись zip / broken zip entry ${name}`);
      // Sizes come from the central directory: local headers may defer them to a data descriptor.
      const start = entry.local + 30 + zip.readUInt16LE(entry.local + 26) + zip.readUInt16LE(entry.local + 28);
      const data = zip.subarray(start, start + entry.size);
      if (entry.method === 0) return Buffer.from(data);
      if (entry.method === 8) return inflateRawSync(data);
      throw new Error(`метод сжатия ${entry.method} не поддерживается / unsupported zip method (${name})`);
    },
  };
}

function findEndOfCentralDirectory(zip: Buffer): number {
  // The record is 22 bytes plus a comment of at most 65535 bytes, at the very end.
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at--) {
    if (zip.readUInt32LE(at) === EOCD) return at;
  }
  throw new Error('это не zip (XLSX) файл / not a zip (XLSX) file');
}
