import { readFileSync } from 'node:fs';
import { loadReferenceData } from '/work/main/shared/reference/load.js';
import { splitFields } from '/work/main/shared/files/lines.js';
import { checkInsuredHeader, makeInsuredRowValidator } from '/work/main/shared/flk/insured.js';
const ref = loadReferenceData();
const text = new TextDecoder('windows-1251').decode(readFileSync('/tmp/h/smoke.csv').subarray(0, 20_000_000));
const lines = text.split('\n'); lines.pop();
const rows = lines.map(splitFields);
const h = checkInsuredHeader(rows[0]!); if (!h.ok) throw 1;
const validate = makeInsuredRowValidator({ region: '77', ref, today: '2025-06-01', columns: h.columns });
for (let r = 0; r < 5; r++) {
  const t = performance.now(); let ok = 0;
  for (let i = 1; i < rows.length; i++) if (validate(rows[i]!, i + 1).person) ok++;
  console.log('validate', rows.length, ok, ((rows.length - 1) / (performance.now() - t) * 1000 | 0));
}
