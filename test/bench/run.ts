/**
 * Benchmark runner: `npm run bench [-- --rows N] [--only name,name]`. Prints one JSON object per
 * line: {"name","value","unit","baseline","ratio"} (and "target" when the issue sets one). Add a bench by appending to BENCHES.
 */
import './quiet-logs.js'; // before any module that creates the logger
import { parseArgs } from 'node:util';
import { abonentOptionsFromEnv, benchAbonent } from './abonent.js';
import { benchConsole, consoleOptionsFromEnv } from './console.js';
import { benchParse } from './parse.js';
import { benchForming, formingOptionsFromEnv } from './forming.js';
import { benchObligations, obligationsOptionsFromEnv } from './obligations.js';
import { benchInforming, informingOptionsFromEnv } from './informing.js';
import { benchResults, resultsOptionsFromEnv } from './informing-results.js';
import { benchLists, listsOptionsFromEnv } from './personal-lists.js';
import type { BenchModule } from './types.js';

const BENCHES: BenchModule[] = [
  { name: 'parse', run: (opts) => benchParse(opts) },
  { name: 'abonent', run: () => benchAbonent(abonentOptionsFromEnv()) },
  { name: 'forming', run: () => benchForming(formingOptionsFromEnv()) },
  { name: 'obligations', run: () => benchObligations(obligationsOptionsFromEnv()) },
  { name: 'informing', run: () => benchInforming(informingOptionsFromEnv()) },
  { name: 'results', run: () => benchResults(resultsOptionsFromEnv()) },
  { name: 'lists', run: () => benchLists(listsOptionsFromEnv()) },
  { name: 'console', run: () => benchConsole(consoleOptionsFromEnv()) },
];

const { values } = parseArgs({
  options: { rows: { type: 'string', default: '1000000' }, only: { type: 'string' } },
});
const rows = Number(values.rows);
if (!Number.isInteger(rows) || rows < 1) throw new Error(`--rows must be a positive integer, got ${values.rows}`);
const only = values.only?.split(',');
const selected = BENCHES.filter((b) => !only || only.includes(b.name));
if (!selected.length) throw new Error(`no bench named ${values.only}; known: ${BENCHES.map((b) => b.name).join(', ')}`);

for (const bench of selected) {
  for (const result of await bench.run({ rows })) {
    process.stdout.write(JSON.stringify({ name: result.name, value: result.value, unit: result.unit, baseline: result.baseline ?? null, ratio: result.ratio ?? null, ...(result.target === undefined ? {} : { target: result.target }) }) + '\n');
  }
}
