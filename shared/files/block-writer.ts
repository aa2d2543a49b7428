import { once } from 'node:events';
import type { Writable } from 'node:stream';

/** Text collected before one encode-and-write. */
const BLOCK_CHARS = 64 * 1024;

/**
 * A text stream written in blocks, each encoded once and written with backpressure: what the CSV
 * and JSON-lines outputs build on (a write per line would cost a syscall and a buffer each).
 */
export class BlockTextWriter {
  private buffer: string;

  constructor(
    private readonly out: Writable,
    private readonly encode: (text: string) => Buffer | string = (text) => Buffer.from(text, 'utf8'),
    /** Text that opens the stream, e.g. a BOM. */
    start = '',
  ) {
    this.buffer = start;
  }

  protected async append(text: string): Promise<void> {
    this.buffer += text;
    if (this.buffer.length >= BLOCK_CHARS) await this.flush();
  }

  async end(): Promise<void> {
    await this.flush();
    this.out.end();
  }

  private async flush(): Promise<void> {
    if (!this.buffer) return;
    const ok = this.out.write(this.encode(this.buffer));
    this.buffer = '';
    if (!ok) await once(this.out, 'drain');
  }
}
