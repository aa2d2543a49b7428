import fc from 'fast-check';
import { expect } from 'vitest';
import type { FlkIssue } from '../../shared/flk/types.js';

/**
 * fast-check with a count: every property prints «<name>: N cases» (vitest shows console output),
 * so a run says how much each property was exercised. No fixed seed: each run explores new cases;
 * a failure prints its seed and path to replay it (`fc.assert` does).
 */
export interface PropertyRun {
  numRuns: number;
}

function counted<A extends unknown[], R>(name: string, predicate: (...args: A) => R): { predicate: (...args: A) => R; report: () => void } {
  let cases = 0;
  return {
    predicate: (...args: A) => {
      cases++;
      return predicate(...args);
    },
    report: () => console.log(`${name}: ${cases} cases`),
  };
}

export function checkProperty<T extends [unknown, ...unknown[]]>(
  name: string,
  arbitraries: { [K in keyof T]: fc.Arbitrary<T[K]> },
  predicate: (...args: T) => boolean | void,
  run: PropertyRun,
): void {
  const c = counted(name, predicate);
  try {
    fc.assert(fc.property(...arbitraries, c.predicate), { numRuns: run.numRuns });
  } finally {
    c.report();
  }
}

export async function checkAsyncProperty<T extends [unknown, ...unknown[]]>(
  name: string,
  arbitraries: { [K in keyof T]: fc.Arbitrary<T[K]> },
  predicate: (...args: T) => Promise<boolean | void>,
  run: PropertyRun,
): Promise<void> {
  const c = counted(name, predicate);
  try {
    await fc.assert(fc.asyncProperty(...arbitraries, c.predicate), { numRuns: run.numRuns });
  } finally {
    c.report();
  }
}

/** Settles within `ms` or fails naming what hung (a parser that never ends is a finding). */
export function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: не завершилось за ${ms} мс`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Some Cyrillic: a message meant for a Russian reader. */
export const RUSSIAN = /[А-Яа-яЁё]/;

/**
 * Findings someone can read: a known code shape, a severity, a line, a Russian sentence. Plain
 * checks rather than `expect` per issue: thousands of findings per run, and `expect` is slow.
 */
export function expectFindings(issues: readonly FlkIssue[]): void {
  const bad = issues.find(
    (i) => !/^[A-Z]\d{3}$/.test(i.code) || (i.severity !== 'error' && i.severity !== 'warning') || !(Number.isInteger(i.line) && i.line >= 0) || !RUSSIAN.test(i.message),
  );
  expect(bad).toBeUndefined();
}
