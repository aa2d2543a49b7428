import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { cursorKeyFrom } from '../pagination/cursor.js';
import { ENV } from '../runtime/declarations.js';
import './sdk-node-support.js';

/** A warm container asks Secrets Manager at most once in this many seconds. */
const SECRET_CACHE_SECONDS = 15 * 60;

/**
 * The key page cursors are sealed with. Locally the runtime sets the secret itself (kept in the
 * data dir, so cursors survive a restart); in AWS it is a Secrets Manager secret only the paging
 * function may read, fetched through Powertools with caching.
 */
export async function cursorKey(): Promise<Buffer> {
  const local = process.env[ENV.cursorKey];
  if (local) return cursorKeyFrom(local);
  const arn = process.env[ENV.cursorKeySecret];
  if (!arn) throw new Error(`Missing environment variable ${ENV.cursorKeySecret}`);
  const secret = await getSecret(arn, { maxAge: SECRET_CACHE_SECONDS });
  if (!secret) throw new Error(`Secret ${arn} has no value`);
  return cursorKeyFrom(secret);
}
