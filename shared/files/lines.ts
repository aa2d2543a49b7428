import { decoderFor, hasUtf8Bom, type TextEncoding } from './encoding.js';

/** Half-open byte range `[start, end)` of a file, as planned for one chunk worker. */
export interface LineRange {
  start: number;
  end: number;
}

/**
 * A line longer than this is not a table row (a row has ~13 short fields): it is handed out as
 * OVERLONG_LINE and its bytes are dropped as they arrive, so memory stays bounded and the rest of
 * the file is still read. Counted in bytes while it is gathered, in characters once decoded.
 */
export const MAX_LINE_BYTES = 64 * 1024;

/**
 * Stands for a line longer than MAX_LINE_BYTES. Contains '\n', which no real line can (lines are
 * split on it), so `text === OVERLONG_LINE` never matches data.
 */
export const OVERLONG_LINE = '\n<строка длиннее допустимого>\n';

const LF = 0x0a;
const CR = 13;

const asBuffer = (chunk: Uint8Array): Buffer =>
  Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);

/**
 * The lines of one byte range of a file, Hadoop style, so independent workers can split one file:
 * a range owns every line whose first byte lies in `[start, end)`; the last one is read to its end
 * even past `end`. `body` must begin at byte `max(0, start - 1)`: when that byte is the `\n` ending
 * the previous line, a line starts exactly at `start` and belongs here; otherwise the partial line
 * belongs to the previous range and is skipped.
 *
 * Lines are split on bytes first ('\n' never occurs inside a windows-1251 or UTF-8 multibyte
 * character), then each block of complete lines is decoded in one call. Yields empty lines too, so
 * the caller can count physical rows; strips a trailing '\r' and the BOM of the file's first line.
 * Holds at most one input chunk plus one incomplete line of at most MAX_LINE_BYTES; a longer line
 * is yielded as OVERLONG_LINE.
 */
export function linesInRange(body: AsyncIterable<Uint8Array>, range: LineRange, encoding: TextEncoding): AsyncGenerator<string> {
  return new Lines(lineBlocksInRange(body, range, encoding));
}

/**
 * Flattens blocks into lines without an async generator per line: a line already decoded is
 * handed out as a resolved promise, so a consumer's `for await` costs one microtask per line
 * (measured ~25 % faster than `yield*` over the block).
 */
class Lines implements AsyncGenerator<string, undefined> {
  private block: string[] = [];
  private next_ = 0;

  constructor(private readonly blocks: AsyncGenerator<string[]>) {}

  next(): Promise<IteratorResult<string, undefined>> {
    if (this.next_ < this.block.length) return Promise.resolve({ value: this.block[this.next_++]!, done: false });
    return this.refill();
  }

  private async refill(): Promise<IteratorResult<string, undefined>> {
    for (;;) {
      const step = await this.blocks.next();
      if (step.done) return { value: undefined, done: true };
      this.block = step.value;
      this.next_ = 0;
      if (this.block.length) return { value: this.block[this.next_++]!, done: false };
    }
  }

  async return(): Promise<IteratorResult<string, undefined>> {
    this.block = [];
    await this.blocks.return(undefined);
    return { value: undefined, done: true };
  }

  async throw(err: unknown): Promise<IteratorResult<string, undefined>> {
    this.block = [];
    await this.blocks.throw(err);
    return { value: undefined, done: true };
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

/**
 * The same lines as `linesInRange`, in arrays (one per decoded block): a consumer on the hot path
 * pays one await per block instead of one per line.
 */
export async function* lineBlocksInRange(
  body: AsyncIterable<Uint8Array>,
  range: LineRange,
  encoding: TextEncoding,
): AsyncGenerator<string[]> {
  const decode = decoderFor(encoding);
  const { start, end } = range;
  let offset = Math.max(0, start - 1); // file offset of the next byte `body` delivers
  let skipping = start > 0;
  let atFileStart = start === 0;
  let pending: Buffer[] = []; // the incomplete line carried into the next chunk
  let pendingBytes = 0;
  let overlong = false; // dropping the bytes of a line past MAX_LINE_BYTES until its '\n'

  const decodeBlock = (bytes: Buffer): string[] => {
    if (atFileStart) {
      atFileStart = false;
      if (hasUtf8Bom(bytes)) bytes = bytes.subarray(3);
    }
    return splitDecoded(decode(bytes));
  };

  for await (const chunk of body) {
    let buf = asBuffer(chunk);
    let bufStart = offset;
    offset += buf.length;
    if (skipping) {
      const nl = buf.indexOf(LF);
      if (nl < 0) continue;
      skipping = false;
      buf = buf.subarray(nl + 1);
      bufStart += nl + 1;
      if (bufStart >= end) return; // no line starts inside the range
    }
    if (overlong) {
      const nl = buf.indexOf(LF);
      if (nl < 0) continue;
      overlong = false;
      yield [OVERLONG_LINE];
      if (bufStart + nl >= end - 1) return; // that line was the range's last
      buf = buf.subarray(nl + 1);
      bufStart += nl + 1;
    }
    // The '\n' at or after byte end-1 ends the range's last line; every earlier '\n' starts a line
    // that is still ours.
    let last: number;
    let done = false;
    const stopAt = Math.max(0, end - 1 - bufStart);
    const stop = stopAt < buf.length ? buf.indexOf(LF, stopAt) : -1;
    if (stop >= 0) {
      last = stop;
      done = true;
    } else {
      last = buf.lastIndexOf(LF);
    }
    if (last < 0) {
      pendingBytes += buf.length;
      if (pendingBytes > MAX_LINE_BYTES) {
        atFileStart = false;
        overlong = true;
        pending = [];
        pendingBytes = 0;
      } else pending.push(buf);
      continue;
    }
    const complete = pending.length ? Buffer.concat([...pending, buf.subarray(0, last)]) : buf.subarray(0, last);
    pending = [];
    pendingBytes = 0;
    yield decodeBlock(complete);
    if (done) return;
    if (last + 1 < buf.length) {
      if (buf.length - last - 1 > MAX_LINE_BYTES) overlong = true;
      else {
        pending.push(buf.subarray(last + 1));
        pendingBytes = buf.length - last - 1;
      }
    }
  }
  // End of file: an unterminated last line is still a line (its start is before `end`, or the
  // range would have stopped at the '\n' before it).
  if (overlong) yield [OVERLONG_LINE];
  else if (!skipping && pendingBytes > 0) yield decodeBlock(Buffer.concat(pending));
}

/** Lines of a decoded block of complete lines ('\n' separated, no final '\n'). */
function splitDecoded(text: string): string[] {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    // A long line that arrived whole inside one input chunk is caught here.
    if (line.length > MAX_LINE_BYTES) lines[i] = OVERLONG_LINE;
    else if (line.charCodeAt(line.length - 1) === CR) lines[i] = line.slice(0, -1);
  }
  return lines;
}

const QUOTE = 34;
const SEMICOLON = 59;

/**
 * Fields of a `;`-separated line. A field that starts with `"` is quoted: `;` inside it is data
 * and `""` is one quote; anything between its closing quote and the next `;` is kept as is, and an
 * unclosed quote runs to the end of the line (fields never span lines: files are split by line).
 * A quote inside an unquoted field is data.
 */
export function splitFields(line: string): string[] {
  if (line.indexOf('"') < 0) return splitPlain(line);
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (line.charCodeAt(i) !== QUOTE) {
      const sep = line.indexOf(';', i);
      if (sep < 0) {
        fields.push(line.slice(i));
        return fields;
      }
      fields.push(line.slice(i, sep));
      i = sep + 1;
      continue;
    }
    let value = '';
    let j = i + 1;
    for (;;) {
      const q = line.indexOf('"', j);
      if (q < 0) {
        fields.push(value + line.slice(j));
        return fields;
      }
      value += line.slice(j, q);
      if (line.charCodeAt(q + 1) === QUOTE) {
        value += '"';
        j = q + 2;
        continue;
      }
      const sep = line.indexOf(';', q + 1);
      if (sep < 0) {
        fields.push(value + line.slice(q + 1));
        return fields;
      }
      fields.push(value + line.slice(q + 1, sep));
      i = sep + 1;
      break;
    }
  }
}

/** Field count of the previous line: rows of one file share it, so the array is sized once. */
let widthHint = 16;

/** indexOf + substring into a presized array: measured ~1.5× faster than String#split here. */
function splitPlain(line: string): string[] {
  const fields = new Array<string>(widthHint);
  let count = 0;
  let from = 0;
  for (;;) {
    const sep = line.indexOf(';', from);
    if (sep < 0) {
      fields[count++] = line.substring(from);
      break;
    }
    fields[count++] = line.substring(from, sep);
    from = sep + 1;
  }
  if (count !== widthHint) {
    fields.length = count;
    widthHint = count;
  }
  return fields;
}

/**
 * Inverse of splitFields for writing: quotes a field only when it must be. A row is one line (our
 * readers split on '\n' before fields; so do the SMOs' line-based imports), so a line break inside
 * a value — a name typed with Alt+Enter in an XLSX cell — is written as one space rather than as a
 * quoted field spanning lines, which a line reader takes for two broken rows.
 */
export function joinFields(fields: readonly string[]): string {
  let out = '';
  for (let i = 0; i < fields.length; i++) {
    if (i) out += ';';
    out += quoteField(fields[i]!);
  }
  return out;
}

const LINE_BREAK = /\r\n|[\r\n]/g;

export function quoteField(value: string): string {
  let quote = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === LF || c === CR) return quoteField(value.replace(LINE_BREAK, ' '));
    if (c === SEMICOLON || c === QUOTE) quote = true;
  }
  return quote ? `"${value.replaceAll('"', '""')}"` : value;
}
