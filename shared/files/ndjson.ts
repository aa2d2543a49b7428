import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Writable } from 'node:stream';

/**
 * Line streams of the work bucket: NDJSON (one JSON value per line) and plain lines (sorted key
 * runs). Empty lines carry nothing and are skipped; CR LF and LF both end a line.
 */

/** The non-empty lines of a stream, streamed. */
export async function* nonEmptyLines(body: NodeJS.ReadableStream): AsyncGenerator<string> {
  for await (const line of createInterface({ input: body, crlfDelay: Infinity })) if (line) yield line;
}

/** JSON lines of a stream, one value per line, streamed. */
export async function* jsonLines<T>(body: NodeJS.ReadableStream): AsyncGenerator<T> {
  for await (const line of nonEmptyLines(body)) yield JSON.parse(line) as T;
}

/** A line-writing sink over a stream: a promise only when the stream asks to wait (backpressure). */
export function ndjsonWriter(stream: Writable) {
  return (value: unknown): Promise<void> | undefined => {
    if (stream.write(`${JSON.stringify(value)}\n`)) return undefined;
    return once(stream, 'drain').then(() => undefined);
  };
}
