import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { lockedTexts, type AbonentRow } from '../../shared/abonent/layout.js';
import { writeAbonentWorkbook } from '../../shared/abonent/workbook.js';
import { makeEnp } from '../../shared/identifiers/enp.js';
import { convertWithLibreOffice, findSoffice, LIBREOFFICE_INSTALL } from './libreoffice.js';
import { checkAbonentXlsx, describeChanges, expectationFromSource, failures, type AbonentExpectation, type XlsxFinding } from './xlsx-check.js';

/**
 * `npx tsx infra/local/check-xlsx.ts [file.xlsx] [--keep]` — does an «абонентский пункт» survive
 * LibreOffice? Without a file it writes a sample (36 synthetic rows) with our writer. The file is
 * opened and saved by LibreOffice headless, and the saved copy is checked (protection, validations,
 * locked/unlocked cells, hidden service sheet, locked values). Exit 0 all good, 1 a check failed,
 * 2 LibreOffice missing or bad usage.
 */

const SAMPLE_ROWS = 36;

const { values, positionals } = parseArgs({ allowPositionals: true, options: { keep: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
if (values.help || positionals.length > 1) {
  console.error('usage: npx tsx infra/local/check-xlsx.ts [file.xlsx] [--keep]');
  process.exit(2);
}
if (!findSoffice()) {
  console.error(`LibreOffice (soffice) не найден / not found. Установите / install (root):\n  ${LIBREOFFICE_INSTALL}\nили задайте / or set SOFFICE=/path/to/soffice`);
  process.exit(2);
}

const work = mkdtempSync(join(tmpdir(), 'check-xlsx-'));
try {
  let source: string;
  let expected: AbonentExpectation;
  if (positionals[0]) {
    source = resolve(positionals[0]);
    expected = await expectationFromSource(source);
  } else {
    source = join(work, 'abonent-sample.xlsx');
    expected = await writeSample(source);
    console.log(`Образец / sample: ${source} (${SAMPLE_ROWS} строк / rows)`);
  }
  const started = Date.now();
  const copy = await convertWithLibreOffice(source, join(work, 'libreoffice'));
  console.log(`LibreOffice сохранил / saved: ${copy} (${((Date.now() - started) / 1000).toFixed(1)} с / s)\n`);

  const findings = [...(await checkAbonentXlsx(copy, expected)), ...describeChanges(readFileSync(source), readFileSync(copy))];
  print(findings);
  const failed = failures(findings);
  console.log(failed.length
    ? `\nИТОГ / RESULT: ${failed.length} проверок не прошли / checks failed: ${failed.map((f) => f.id).join(', ')}`
    : `\nИТОГ / RESULT: файл пережил LibreOffice без потерь / the file survives LibreOffice intact`);
  if (values.keep) console.log(`Файлы оставлены / files kept in ${work}`);
  process.exitCode = failed.length ? 1 : 0;
} catch (error) {
  console.error(`Ошибка / error: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  if (!values.keep) rmSync(work, { recursive: true, force: true });
}

function print(findings: XlsxFinding[]): void {
  const mark = { ok: '✔ OK  ', fail: '✘ FAIL', note: 'ℹ note' } as const;
  for (const f of findings) console.log(`${mark[f.status]}  ${f.title}\n          ${f.detail}`);
}

/** A sample file as the forming worker writes it (synthetic persons). */
async function writeSample(path: string): Promise<AbonentExpectation> {
  const names = ['Тестов Тест Тестович', 'Образцова Анна Петровна', 'Примеров Иван Ильич'];
  const rows: AbonentRow[] = Array.from({ length: SAMPLE_ROWS }, (_, i) => ({
    n: i + 1,
    enp: makeEnp('77', '1960-01-01', ((i % 2) + 1) as 1 | 2, 900_000 + i),
    fio: names[i % names.length]!,
    dr: '01.01.1960',
    w: i % 2 ? 'Ж' : 'М',
    // Some phones empty: LibreOffice drops empty text cells, the digest must not care.
    phone: i % 4 ? `+7900${String(1_000_000 + i).slice(-7)}` : '',
    group: (i % 4) + 1,
    smo: '77008',
  }));
  async function* source() {
    yield* rows;
  }
  const out = createWriteStream(path);
  const meta = await writeAbonentWorkbook(
    out,
    { fileId: 'ap-sample', mo: '771001', region: '77', campaignId: 'ud-2021', batch: '12', window: { from: '2021-06-22', to: '2021-12-31' }, formedAt: new Date().toISOString() },
    source(),
  );
  await finished(out);
  return { meta, locked: rows.map(lockedTexts) };
}
