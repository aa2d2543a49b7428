import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type ExcelJS from 'exceljs';

/**
 * exceljs' sheet stream (StreamBuf) writes into the zip entry ignoring backpressure, so with a fast
 * producer the compressor's input buffer would grow with the number of rows. Its destinations are
 * in `pipes` (exceljs 4 internals; none until the zip starts this entry).
 */
export function sheetSinks(sheet: ExcelJS.Worksheet): Writable[] {
  const stream = (sheet as unknown as { stream?: { pipes?: unknown } }).stream;
  return Array.isArray(stream?.pipes) ? (stream.pipes as Writable[]) : [];
}

/** Lets the zip compressor run and waits while the compressor or the XLSX consumer is behind. */
export async function caughtUp(sinks: Writable[]): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  for (const sink of sinks) {
    while (behind(sink)) await once(sink, 'drain');
  }
}

/** archiver's streams come from readable-stream 2, which lacks `writableNeedDrain`. */
function behind(sink: Writable): boolean {
  if (sink.destroyed) return false;
  if (typeof sink.writableNeedDrain === 'boolean') return sink.writableNeedDrain;
  const state = (sink as unknown as { _writableState?: { needDrain?: boolean } })._writableState;
  return state?.needDrain === true;
}
