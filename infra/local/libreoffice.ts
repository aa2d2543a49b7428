import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, delimiter, extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** How to get LibreOffice headless on Debian/Ubuntu (no X11, ~350 MB). */
export const LIBREOFFICE_INSTALL = 'apt-get install -y --no-install-recommends libreoffice-calc-nogui';

export class LibreOfficeMissingError extends Error {
  constructor() {
    super(`LibreOffice (soffice) не найден в PATH / soffice not found on PATH. Установите / install: ${LIBREOFFICE_INSTALL} (или укажите путь в SOFFICE=/path/to/soffice)`);
    this.name = 'LibreOfficeMissingError';
  }
}

/** `$SOFFICE`, else `soffice` or `libreoffice` on PATH; undefined when there is none. */
export function findSoffice(): string | undefined {
  const candidates = process.env.SOFFICE
    ? [process.env.SOFFICE]
    : (process.env.PATH ?? '').split(delimiter).filter(Boolean).flatMap((dir) => [join(dir, 'soffice'), join(dir, 'libreoffice')]);
  return candidates.find((path) => {
    try {
      accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

export interface ConvertOptions {
  /** Default 60 s; the whole process group is killed after it. */
  timeoutMs?: number;
  soffice?: string;
}

/**
 * Opens `inputPath` in LibreOffice Calc headless and saves it as XLSX ("Calc MS Excel 2007 XML")
 * into `outDir`, as a user's "open and save" would. Each call gets its own throw-away profile
 * (`-env:UserInstallation`), so parallel calls do not fight over `~/.config/libreoffice`'s lock.
 * Returns the path of the saved copy (`<outDir>/<input name>.xlsx`).
 */
export async function convertWithLibreOffice(inputPath: string, outDir: string, options: ConvertOptions = {}): Promise<string> {
  const soffice = options.soffice ?? findSoffice();
  if (!soffice) throw new LibreOfficeMissingError();
  const input = resolve(inputPath);
  if (!existsSync(input)) throw new Error(`нет файла / no such file: ${input}`);
  const output = join(resolve(outDir), `${basename(input, extname(input))}.xlsx`);
  if (output === input) throw new Error(`LibreOffice перезаписал бы исходный файл / would overwrite the input: choose another outDir than ${outDir}`);
  mkdirSync(outDir, { recursive: true });
  rmSync(output, { force: true });

  const profile = mkdtempSync(join(tmpdir(), 'lo-profile-'));
  try {
    const args = [
      `-env:UserInstallation=${pathToFileURL(profile).href}`,
      '--headless',
      '--norestore',
      '--nolockcheck',
      '--convert-to',
      'xlsx:Calc MS Excel 2007 XML',
      '--outdir',
      resolve(outDir),
      input,
    ];
    const { code, output: log } = await run(soffice, args, options.timeoutMs ?? 60_000);
    // soffice exits 0 even when it could not load the file: the saved copy is the real result.
    if (code !== 0 || !existsSync(output)) {
      throw new Error(`LibreOffice не сохранил файл / LibreOffice did not save ${output} (exit ${code}): ${log.trim().slice(-800)}`);
    }
    return output;
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

function run(command: string, args: string[], timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolvePromise, reject) => {
    // Own process group: soffice forks soffice.bin, which a plain kill of the parent would orphan.
    const child = spawn(command, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (b: Buffer) => (output += b.toString()));
    child.stderr.on('data', (b: Buffer) => (output += b.toString()));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (timedOut) reject(new Error(`LibreOffice не ответил за ${timeoutMs / 1000} с / timed out after ${timeoutMs} ms: ${output.trim().slice(-800)}`));
      else resolvePromise({ code, output });
    });
  });
}
