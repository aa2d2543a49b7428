import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, as a plain clone has it. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Folders no doc check reads: dependencies, git, local data and build outputs. */
const SKIP = new Set(['node_modules', '.git', '.local', 'dist', 'cdk.out']);

/** Paths (relative to the root) of the repository's own files whose name passes `keep`. */
export function repoFiles(keep: (name: string) => boolean, dir = REPO_ROOT, skip: ReadonlySet<string> = SKIP): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (skip.has(entry.name)) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return repoFiles(keep, path, skip);
    return keep(entry.name) ? [relative(REPO_ROOT, path)] : [];
  });
}
