import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { convertWithLibreOffice as convert, findSoffice, LibreOfficeMissingError } from '../../infra/local/libreoffice.js';

export { findSoffice, LIBREOFFICE_INSTALL, LibreOfficeMissingError } from '../../infra/local/libreoffice.js';

/**
 * Opens `inputPath` in LibreOffice Calc headless and saves it as XLSX into `outDir` (own profile
 * dir, 60 s timeout); returns the saved copy's path. Rejects with {@link LibreOfficeMissingError}
 * (naming the apt-get line) when soffice is not installed: tests that need an office-saved file
 * must fail then, not skip — CI installs LibreOffice.
 */
export function convertWithLibreOffice(inputPath: string, outDir: string): Promise<string> {
  return convert(inputPath, outDir, { timeoutMs: 60_000 });
}

/** Throws the install hint when soffice is missing; call it in `beforeAll`. */
export function requireSoffice(): string {
  const soffice = findSoffice();
  if (!soffice) throw new LibreOfficeMissingError();
  return soffice;
}

/** The bytes of `xlsx` after LibreOffice opened and saved it (temp files removed). */
export async function officeSavedCopy(xlsx: Buffer, name = 'file.xlsx'): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), 'lo-copy-'));
  try {
    const input = join(dir, name);
    writeFileSync(input, xlsx);
    return readFileSync(await convertWithLibreOffice(input, join(dir, 'saved')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
