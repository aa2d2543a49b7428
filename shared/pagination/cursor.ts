import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { ApiError } from '../services/api/http.js';

/**
 * Page cursors handed to API clients. A cursor is the store's position (DynamoDB's
 * LastEvaluatedKey) sealed with AES-256-GCM: clients see neither the table's key layout nor can
 * they forge a position. The query's scope (table, index, key condition and its values — so the
 * region, organization, campaign…) is the authenticated additional data, so a cursor of one
 * query is refused by another, and each cursor carries its own expiry.
 */

/** How long a cursor stays valid: long enough to page through a list, short enough to go stale. */
export const CURSOR_TTL_SECONDS = 24 * 60 * 60;
/** Far above any real cursor (a few hundred characters); longer input is refused unread. */
const MAX_CURSOR_CHARS = 2048;
const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class InvalidCursorError extends ApiError {
  constructor(reason: 'invalid' | 'expired') {
    super(
      400,
      'INVALID_CURSOR',
      reason === 'expired'
        ? 'Параметр cursor: курсор устарел (действует 24 часа). Запросите список заново с первой страницы, без cursor.'
        : 'Параметр cursor: курсор недействителен или выдан для другого списка. Передайте cursor из ответа на тот же запрос или запросите первую страницу без cursor.',
    );
  }
}

/** The 256-bit cipher key from the configured secret (any length, any text). */
export function cursorKeyFrom(secret: string | Uint8Array): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'omsflow', 'page-cursor/v1', 32));
}

export function sealCursor(key: Buffer, position: Record<string, unknown>, scope: string, now = Date.now()): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(scope));
  const plain = Buffer.from(JSON.stringify({ k: position, e: Math.floor(now / 1000) + CURSOR_TTL_SECONDS }));
  const sealed = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([Buffer.of(VERSION), iv, sealed, cipher.getAuthTag()]).toString('base64url');
}

/** The position sealed in `cursor` for this `scope`; a bad, foreign or expired cursor is a 400. */
export function openCursor(key: Buffer, cursor: string, scope: string, now = Date.now()): Record<string, unknown> {
  if (cursor.length > MAX_CURSOR_CHARS || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw new InvalidCursorError('invalid');
  const bytes = Buffer.from(cursor, 'base64url');
  if (bytes.length < 1 + IV_BYTES + TAG_BYTES + 1 || bytes[0] !== VERSION) throw new InvalidCursorError('invalid');
  let opened: { k?: unknown; e?: unknown };
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(1, 1 + IV_BYTES));
    decipher.setAAD(Buffer.from(scope));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    const plain = Buffer.concat([decipher.update(bytes.subarray(1 + IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]);
    opened = JSON.parse(plain.toString('utf8')) as typeof opened;
  } catch {
    throw new InvalidCursorError('invalid');
  }
  if (typeof opened.e !== 'number' || opened.e * 1000 <= now) throw new InvalidCursorError('expired');
  if (!opened.k || typeof opened.k !== 'object') throw new InvalidCursorError('invalid');
  return opened.k as Record<string, unknown>;
}

/** A stable text of a value: object keys sorted, so equal queries give equal scopes. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
