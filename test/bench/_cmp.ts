import { loadReferenceData } from '../../shared/reference/load.js';
import { generateExport, runOurs, runBaseline } from './parse.js';
const ref = loadReferenceData();
const path = '/tmp/h/cmp.csv';
await generateExport(path, 1_000_000, ref);
for (let r = 0; r < 2; r++) for (const mode of ['lines', 'blocks'] as const) {
  const t = performance.now(); const c = await runOurs(path, ref, mode);
  console.log(mode, Math.round(c.rows / (performance.now() - t) * 1000));
}
const t = performance.now(); const c = await runBaseline(path, ref);
console.log('baseline', Math.round(c.rows / (performance.now() - t) * 1000));
