import { createReadStream } from 'node:fs';
import { loadReferenceData } from '/work/main/shared/reference/load.js';
import { lineBlocksInRange, splitFields } from '/work/main/shared/files/lines.js';
import { checkInsuredHeader, makeInsuredRowValidator } from '/work/main/shared/flk/insured.js';
const ref = loadReferenceData();
const path = '/tmp/h/smoke.csv';
for (const mode of (process.argv[2] ?? 'read,split,validate').split(',')) {
  const t = performance.now();
  let n = 0, validate: any, all: string[][] = [];
  for await (const b of lineBlocksInRange(createReadStream(path, { highWaterMark: 1 << 20 }), { start: 0, end: Infinity }, 'windows-1251')) for (const line of b) {
    n++;
    if (mode === 'read') continue;
    const f = splitFields(line);
    if (mode === 'split') continue;
    if (!validate) { const h = checkInsuredHeader(f); if (!h.ok) throw 1; validate = makeInsuredRowValidator({ region: '77', ref, today: '2025-06-01', columns: h.columns }); continue; }
    validate(f, n);
  }
  console.log(mode, (n / (performance.now() - t) * 1000 | 0));
}
