import { describe, expect, it } from 'vitest';
import { fileIssue } from '../../../shared/flk/codes.js';
import { isServiceFailure } from '../../../shared/adapters/errors.js';
import { brokenXlsx, failureVerdict, poisonOnError, PoisonError } from '../../../shared/ingest/poison.js';

const sdkError = (name: string) => Object.assign(new Error('Rate exceeded'), { name, $metadata: { httpStatusCode: 400 } });
const socketError = () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });

describe('failure classification', () => {
  it('rejects a poison file at once, on the first receive', () => {
    const issue = brokenXlsx();
    expect(failureVerdict(new PoisonError(issue), { receiveCount: 1, maxReceives: 5 })).toBe(issue);
    expect(issue.message).toMatch(/повреждённый архив XLSX/);
  });

  it('retries throttling, network and unknown errors until the last receive, then names the failure in Russian', () => {
    for (const error of [sdkError('ThrottlingException'), socketError(), new TypeError('boom')]) {
      for (let n = 1; n < 5; n++) expect(failureVerdict(error, { receiveCount: n, maxReceives: 5 })).toBeUndefined();
      const last = failureVerdict(error, { receiveCount: 5, maxReceives: 5 })!;
      expect(last.code).toBe('F014');
      expect(last.message).toMatch(/5 попыток подряд завершились сбоем/);
    }
    expect(failureVerdict(sdkError('ThrottlingException'), { receiveCount: 5, maxReceives: 5 })!.message).toMatch(/временная ошибка хранилища или сети \(ThrottlingException\)/);
    expect(failureVerdict(socketError(), { receiveCount: 6, maxReceives: 5 })!.message).toMatch(/ECONNRESET/);
    // The error's own message may quote file data: it never reaches the protocol.
    expect(failureVerdict(new Error('7756410834000012'), { receiveCount: 5, maxReceives: 5 })!.message).not.toContain('7756410834000012');
  });

  it('tells passing errors from the others', () => {
    expect(isServiceFailure(sdkError('ServiceUnavailable'))).toBe(true);
    expect(isServiceFailure(socketError())).toBe(true);
    expect(isServiceFailure(new Error('invalid signature: 0x8074b50'))).toBe(false);
    expect(isServiceFailure(undefined)).toBe(false);
  });
});

describe('poisonOnError', () => {
  async function* failing(error: unknown): AsyncGenerator<number> {
    yield 1;
    throw error;
  }
  const drain = async (source: AsyncIterable<number>) => {
    const got: number[] = [];
    for await (const x of source) got.push(x);
    return got;
  };

  it('turns a reader’s failure into the given finding, after the items read before it', async () => {
    const issue = fileIssue('F002', { detail: 'x' });
    const got: number[] = [];
    const error = await (async () => {
      for await (const x of poisonOnError(failing(new Error('unexpected end of file')), issue)) got.push(x);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PoisonError);
    expect((error as PoisonError).issue).toBe(issue);
    expect(got).toEqual([1]);
  });

  it('lets an error that may pass through unchanged, so it is retried', async () => {
    const error = socketError();
    await expect(drain(poisonOnError(failing(error), brokenXlsx()))).rejects.toBe(error);
  });

  it('closes the source when the consumer stops early', async () => {
    let closed = false;
    async function* source() {
      try {
        yield 1;
        yield 2;
      } finally {
        closed = true;
      }
    }
    for await (const _ of poisonOnError(source(), brokenXlsx())) break;
    expect(closed).toBe(true);
  });
});
