import { readFileSync } from 'node:fs';
import { splitFields } from '/work/main/shared/files/lines.js';
import * as F from '/work/main/shared/flk/fields.js';
const text = new TextDecoder('windows-1251').decode(readFileSync('/tmp/h/smoke.csv').subarray(0, 20_000_000));
const lines = text.split('\n'); lines.pop();
const rows = lines.map(splitFields).slice(1);
const N = rows.length;
function t(name: string, fn: (r: string[]) => unknown) {
  let x = 0; for (const r of rows) if (fn(r)) x++;
  const s = performance.now();
  for (let k = 0; k < 3; k++) for (const r of rows) if (fn(r)) x++;
  console.log(name.padEnd(10), ((performance.now() - s) / N / 3 * 1e6).toFixed(0), 'ns/row', x);
}
t('noop', (r) => r[0]);
t('clean', (r) => F.clean(r[0]));
t('enp', (r) => F.parseEnp(r[0]!));
t('snils', (r) => r[1] && F.parseSnils(r[1]!));
t('date', (r) => F.parseRuDate(r[6]!));
t('iso', (r) => F.isoOfRu(r[6]!).length);
t('phone', (r) => F.normalizePhone(r[7]!));
t('facet', (r) => F.enpFacetMatches(r[0]!, 19850315, 1));
const m = new Map([['771001', { region: '77' }]]);
t('map', (r) => m.get(r[8]!));
t('obj', (r) => ({ a: r[0], b: r[1], c: r[2], d: r[3], e: r[4], f: 1, g: r[6], h: r[8], i: r[9], j: [] as string[] }));
