import { expect } from 'vitest';

/** Words of zod's English (and of its ru locale's leftovers) that must never reach a user. */
export const ENGLISH = /\b(string|number|boolean|object|array|undefined|expected|received|invalid|instanceof|bigint)\b/i;

/**
 * An error message a user can read: Cyrillic, and no English type words outside the «quoted»
 * parts (those echo the client's own value, which may hold any text).
 */
export function expectRussian(message: unknown, context = ''): void {
  expect(typeof message, `${context}: error.message`).toBe('string');
  const text = message as string;
  expect(text, context).toMatch(/[А-Яа-яЁё]/);
  expect(text.replace(/«[^»]*»/g, '«…»'), context).not.toMatch(ENGLISH);
}
