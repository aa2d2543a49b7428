import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The local stand-in for the Secrets Manager secret page cursors are sealed with: random per data
 * dir and kept there, so cursors handed out before a restart still open after it.
 */
export async function localCursorSecret(dataDir: string): Promise<string> {
  const file = join(dataDir, 'cursor-key.txt');
  const existing = await readFile(file, 'utf8').catch(() => '');
  if (existing.trim()) return existing.trim();
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, randomBytes(32).toString('base64url'), { flag: 'wx', mode: 0o600 }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error; // another process created it first: use theirs
  });
  return (await readFile(file, 'utf8')).trim();
}
