import { fileIssue } from '../flk/codes.js';
import type { FlkIssue } from '../flk/types.js';
import { isServiceFailure } from '../adapters/errors.js';

/**
 * Every file gets a verdict. A failure is either one no retry can cure — the file's bytes are what
 * they are (a broken archive, not an XLSX) — or a passing one (throttling, the network). The first
 * kind is a PoisonError carrying the protocol's finding: the worker rejects the file at once. The
 * second is retried by SQS; when the last receive fails too, the worker rejects the file with F014
 * instead of letting the message fall silently into the DLQ (see failureVerdict).
 */
export class PoisonError extends Error {
  constructor(readonly issue: FlkIssue) {
    super(issue.message);
    this.name = 'PoisonError';
  }
}

/** Which receive of its message this is, and after how many the queue gives up (maxReceiveCount). */
export interface Attempt {
  receiveCount: number;
  maxReceives: number;
}

/**
 * The finding that ends a failed file, or undefined to let SQS retry: a PoisonError at once; any
 * other error on the message's last receive. The verdict is written on that last attempt rather
 * than by a DLQ consumer because the worker still holds the error to name; an attempt that dies
 * without running this (timeout, out of memory) is caught by the watchdog's redrive cap.
 */
export function failureVerdict(error: unknown, attempt: Attempt): FlkIssue | undefined {
  if (error instanceof PoisonError) return error.issue;
  if (attempt.receiveCount < attempt.maxReceives) return undefined;
  return fileIssue('F014', { detail: `${attempt.receiveCount} попыток подряд завершились сбоем: ${failureName(error)}` });
}

/** A short, data-free name of a failure for the protocol (never the message: it may quote data). */
export function failureName(error: unknown): string {
  const e = error as { name?: string; code?: string } | undefined;
  if (isServiceFailure(error)) return `временная ошибка хранилища или сети (${e?.code ?? e?.name ?? 'нет кода'})`;
  return `внутренняя ошибка обработки (${e?.name ?? 'Error'})`;
}

/**
 * The items of `source`, with a failure of reading them turned into a PoisonError(`issue`) —
 * unless it may pass (isServiceFailure), so a dropped connection is still retried.
 */
export async function* poisonOnError<T>(source: AsyncIterable<T>, issue: FlkIssue): AsyncGenerator<T> {
  const it = source[Symbol.asyncIterator]();
  let done = false;
  try {
    for (;;) {
      let step: IteratorResult<T>;
      try {
        step = await it.next();
      } catch (error) {
        done = true;
        if (isServiceFailure(error) || error instanceof PoisonError) throw error;
        throw new PoisonError(issue);
      }
      if (step.done) {
        done = true;
        return;
      }
      yield step.value;
    }
  } finally {
    if (!done) await it.return?.();
  }
}

/** F002 for an XLSX the reader could not get through. */
export const brokenXlsx = (): FlkIssue => fileIssue('F002', { detail: 'повреждённый архив XLSX: файл обрезан или испорчен при передаче, откройте и сохраните его заново' });
