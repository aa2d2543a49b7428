import { createWriteStream } from 'node:fs';
import iconv from 'iconv-lite';

export type ExportEncoding = 'windows-1251' | 'utf-8';

export interface WriteExportOptions {
  /** Line end, default `\n`; pass `\r\n` to imitate exports saved on Windows. */
  eol?: string;
  /** Prefix a UTF-8 BOM (only for utf-8). */
  bom?: boolean;
  /** Characters buffered before one encode + write (default 256 K). */
  blockChars?: number;
}

export function encoderFor(encoding: ExportEncoding): (text: string) => Buffer {
  return encoding === 'utf-8' ? (s) => Buffer.from(s, 'utf8') : (s) => iconv.encode(s, 'win1251');
}

/** A file written block by block that waits for `drain`: memory stays flat for any file size. */
export interface FileSink {
  write(block: Buffer): Promise<void>;
  end(): Promise<void>;
  destroy(): void;
  readonly bytes: number;
}

export function createFileSink(path: string): FileSink {
  const out = createWriteStream(path);
  let failure: Error | undefined;
  let bytes = 0;
  out.on('error', (err) => {
    failure = err;
  });
  return {
    get bytes() {
      return bytes;
    },
    async write(block) {
      if (failure) throw failure;
      bytes += block.length;
      if (out.write(block)) return;
      await new Promise<void>((resolve, reject) => {
        const onDrain = (): void => {
          out.off('error', onError);
          resolve();
        };
        const onError = (err: Error): void => {
          out.off('drain', onDrain);
          reject(err);
        };
        out.once('drain', onDrain);
        out.once('error', onError);
      });
    },
    end() {
      return new Promise<void>((resolve, reject) => {
        if (failure) return reject(failure);
        out.once('error', reject);
        out.end(() => resolve());
      });
    },
    destroy() {
      out.destroy();
    },
  };
}

/**
 * Writes a `;`-separated file with a header, encoding block by block and waiting for `drain`, so
 * memory stays flat for any number of rows (13 M-row Moscow exports).
 */
export async function writeExport(
  path: string,
  /** Rows as fields, or as already `;`-joined lines. */
  lines: Iterable<readonly string[] | string>,
  header: readonly string[],
  encoding: ExportEncoding,
  options: WriteExportOptions = {},
): Promise<{ rows: number; bytes: number }> {
  const eol = options.eol ?? '\n';
  const blockChars = options.blockChars ?? 256 * 1024;
  const encode = encoderFor(encoding);
  const sink = createFileSink(path);
  let rows = 0;
  try {
    // Lines are collected in an array and joined per block: join yields a flat string, whereas a
    // `+=` rope makes iconv's per-character loop several times slower.
    let block: string[] = [(options.bom && encoding === 'utf-8' ? '\uFEFF' : '') + header.join(';')];
    let chars = 0;
    for (const fields of lines) {
      const line = typeof fields === 'string' ? fields : fields.join(';');
      block.push(line);
      chars += line.length;
      rows++;
      if (chars >= blockChars) {
        block.push(''); // trailing line end without `+` (which would make a rope again)
        await sink.write(encode(block.join(eol)));
        block = [];
        chars = 0;
      }
    }
    if (block.length > 0) {
      block.push('');
      await sink.write(encode(block.join(eol)));
    }
  } catch (err) {
    sink.destroy();
    throw err;
  }
  await sink.end();
  return { rows, bytes: sink.bytes };
}

/** Just the fields of generated rows (adapter from generateInsured/generateCovid to writeExport). */
export function* fieldsOf<T extends { fields: string[] }>(rows: Iterable<T>): Generator<string[]> {
  for (const row of rows) yield row.fields;
}
