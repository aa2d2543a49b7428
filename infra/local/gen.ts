/**
 * Test-data generator CLI (DOMAIN.md §3.1–3.2):
 *   npm run gen -- --region 77 --rows 100000 --out ./export.csv [--encoding windows-1251|utf-8]
 *     [--seed 1] [--inject R002=3,R016=2,ENP_CHECKSUM=1] [--covid ./covid.csv] [--campaign ud-2026]
 *     [--today YYYY-MM-DD] [--start-counter 0] [--eol lf|crlf] [--bom] [--manifest ./out.json]
 * Prints a JSON summary (with every injected defect: row, line, ФЛК code) to stderr, and to
 * --manifest when given. Files contain personal-looking but synthetic data only.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadCampaigns, loadReferenceData } from '../../shared/reference/load.js';
import {
  COVID_COLUMNS,
  INJECTABLE_ERRORS,
  INJECTION_FLK_CODE,
  generateCovid,
  injectableOf,
  type InjectableError,
} from './testdata/generator.js';
import { writeInsuredExport } from './testdata/insured-bytes.js';
import { fieldsOf, writeExport, type ExportEncoding } from './testdata/write.js';
import { todayIso } from './testdata/days.js';

const USAGE =
  'npm run gen -- --region 77 --rows 100000 --out ./export.csv [--encoding windows-1251|utf-8] [--seed 1] ' +
  '[--inject R002=3,R016=2] [--covid ./covid.csv] [--campaign ud-2026] [--today YYYY-MM-DD] [--start-counter N] ' +
  '[--eol lf|crlf] [--bom] [--manifest ./out.json]';

export function parseInject(spec: string | undefined): Partial<Record<InjectableError, number>> {
  const errors: Partial<Record<InjectableError, number>> = {};
  if (!spec) return errors;
  for (const part of spec.split(',').filter(Boolean)) {
    const [name = '', count = ''] = part.split('=');
    const kind = injectableOf(name);
    if (!kind) {
      throw new Error(`Неизвестная ошибка «${name}». Допустимо: ${INJECTABLE_ERRORS.map((e) => `${e} (${INJECTION_FLK_CODE[e]})`).join(', ')}`);
    }
    const n = Number(count);
    if (!Number.isInteger(n) || n < 0) throw new Error(`Число для «${name}» должно быть целым ≥ 0`);
    errors[kind] = (errors[kind] ?? 0) + n;
  }
  return errors;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      region: { type: 'string' },
      rows: { type: 'string' },
      out: { type: 'string' },
      encoding: { type: 'string', default: 'windows-1251' },
      seed: { type: 'string', default: '1' },
      inject: { type: 'string' },
      covid: { type: 'string' },
      campaign: { type: 'string' },
      today: { type: 'string' },
      'start-counter': { type: 'string', default: '0' },
      eol: { type: 'string', default: 'lf' },
      bom: { type: 'boolean', default: false },
      manifest: { type: 'string' },
      'covid-share': { type: 'string', default: '0.15' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || !values.region || !values.rows || !values.out) {
    process.stderr.write(`${USAGE}\n`);
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const encoding = values.encoding as ExportEncoding;
  if (encoding !== 'windows-1251' && encoding !== 'utf-8') throw new Error('--encoding: windows-1251 или utf-8');
  const rows = Number(values.rows);
  const seed = Number(values.seed);
  const startCounter = Number(values['start-counter']);
  if (!Number.isInteger(rows) || rows < 1 || !Number.isInteger(seed) || !Number.isInteger(startCounter)) {
    throw new Error('--rows, --seed и --start-counter должны быть целыми числами');
  }
  const eol = values.eol === 'crlf' ? '\r\n' : '\n';
  const today = values.today ?? todayIso();
  const ref = loadReferenceData();
  const errors = parseInject(values.inject);
  const opts = { region: values.region, rows, seed, ref, startCounter, errors, today };

  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const out = resolve(values.out);
  const result = await writeInsuredExport(out, opts, encoding, { eol, bom: values.bom });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;

  let covid: { file: string; rows: number; bytes: number; campaign: string; referenceDate: string } | undefined;
  if (values.covid) {
    const campaigns = loadCampaigns();
    const campaign = values.campaign
      ? campaigns.find((c) => c.id === values.campaign)
      : [...campaigns].filter((c) => c.active).sort((a, b) => b.referenceDate.localeCompare(a.referenceDate))[0];
    if (!campaign) throw new Error(`Кампания ${values.campaign ?? '(активная)'} не найдена`);
    const file = resolve(values.covid);
    const written = await writeExport(
      file,
      fieldsOf(generateCovid({ ...opts, referenceDate: campaign.referenceDate, share: Number(values['covid-share']) })),
      COVID_COLUMNS,
      encoding,
      { eol, bom: values.bom },
    );
    covid = { file, rows: written.rows, bytes: written.bytes, campaign: campaign.id, referenceDate: campaign.referenceDate };
  }

  const summary = {
    file: out,
    region: values.region,
    rows: result.rows,
    bytes: result.bytes,
    encoding,
    seed,
    today,
    startCounter,
    referenceVersion: ref.version,
    seconds: Math.round(seconds * 100) / 100,
    rowsPerSecond: Math.round(result.rows / seconds),
    // CPU time of this process: on a busy machine a fairer measure than wall time.
    cpuSeconds: Math.round(cpuSeconds * 100) / 100,
    injections: result.injections.map((i) => ({ ...i, code: INJECTION_FLK_CODE[i.error] })),
    covid,
  };
  const json = JSON.stringify(summary, null, 2);
  if (values.manifest) writeFileSync(resolve(values.manifest), json + '\n');
  process.stderr.write(json + '\n');
}

const invokedDirectly = process.argv[1] && resolve(process.argv[1]).replace(/\.[cm]?[jt]s$/, '') === resolve(new URL(import.meta.url).pathname).replace(/\.[cm]?[jt]s$/, '');
if (invokedDirectly) {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
