/**
 * Data of the forming benchmark: a reference directory whose demo region has as many MOs as asked
 * (synthetic codes appended to mo.csv), and the decision items of its persons.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decisionItem, type PersonCard } from '../../shared/adapters/store/groups.js';
import type { Item } from '../../shared/adapters/store/dynamo.js';
import { GROUP_LABELS } from '../../shared/domain/groups.js';
import { readManifest, resolveReferenceDir } from '../../shared/reference/load.js';
import { runJsonChild } from './child.js';

/** What the seeding child needs to write persons [from, to). */
export interface SeedJob {
  endpoint: string;
  awsRegion: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  table: string;
  referenceDir: string;
  region: string;
  campaignId: string;
  seed: number;
  today: string;
  from: number;
  to: number;
  /** BatchWrite calls in flight. */
  inFlight: number;
  /** Also write each person's planned registry entry (the informing benchmark). */
  withPlans?: boolean;
  /** Write the personal-data lists' data instead (personal-lists-data.ts): persons, exclusions, this SMO's registry. */
  listsSmo?: string;
}

/** Runs seed-child.ts for one share of the persons; its own clock, so tsx start-up is not counted. */
export async function runSeedChild(job: SeedJob): Promise<{ written: number; ms: number }> {
  if (job.from >= job.to) return { written: 0, ms: 0 };
  return runJsonChild('seed-child.ts', [JSON.stringify(job)]);
}

/** First number of the synthetic MOs' last four digits; the shipped demo codes stay below it. */
const SYNTHETIC_FROM = 5000;

/**
 * Copies the shipped reference data to `dir` and appends synthetic MOs (`RR` + 4 digits, all
 * primary care) until `region` has `mos` MOs. Returns the region's MO codes in mo.csv order — the
 * order the forming orchestrator reads them in.
 */
export function buildReferenceDir(dir: string, region: string, mos: number): string[] {
  const source = resolveReferenceDir();
  // The whole directory, subdirectories included: other НСИ files ride along unchanged.
  cpSync(source, dir, { recursive: true });
  const moFile = join(dir, readManifest(dir).files.mos);
  const text = readFileSync(moFile, 'utf8');
  const codes = text
    .split(/\r?\n/)
    .slice(1)
    .map((line) => line.split(';'))
    .filter((f) => f[1] === region)
    .map((f) => f[0]!);
  const used = new Set(codes);
  const extra: string[] = [];
  for (let n = SYNTHETIC_FROM; codes.length + extra.length < mos; n++) {
    if (n > 9999) throw new Error(`region ${region}: no room for ${mos} MOs`);
    const code = `${region}${n}`;
    if (used.has(code)) continue;
    extra.push(code);
  }
  if (extra.length) {
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    const lines = extra.map((code, i) => `${code};${region};ГБУЗ "Поликлиника нагрузочного теста № ${i + 1}";1;0;0`);
    writeFileSync(moFile, text.replace(/(\r?\n)*$/, '') + eol + lines.join(eol) + eol);
  }
  return [...codes, ...extra];
}

/** `DD.MM.YYYY` → ISO. */
export const isoOf = (ru: string): string => `${ru.slice(6, 10)}-${ru.slice(3, 5)}-${ru.slice(0, 2)}`;

/** The decision card of a generated person (`fields` are the generator's INSURED_COLUMNS). */
export function cardOf(fields: string[]): PersonCard {
  const [, , fam = '', im = '', ot = '', w = '1', dr = '', phone = ''] = fields;
  return { fam, im, ...(ot ? { ot } : {}), dr: isoOf(dr), w: w === '1' ? 1 : 2, ...(phone ? { phone } : {}) };
}

/**
 * The person `index` (0-based) as the stage-1 recompute would store it: eligible, group 1 for two
 * in five and group 2 otherwise, its MO taken round-robin so every MO gets ⌊persons/MOs⌋ or one
 * more. `fields` are the generator's INSURED_COLUMNS.
 */
export function seedDecision(fields: string[], index: number, mos: readonly string[], job: Pick<SeedJob, 'campaignId' | 'region'>): Item {
  const [enp = '', , , , , , , , , smo = ''] = fields;
  const group = index % 5 < 2 ? 1 : 2;
  return decisionItem({
    enp,
    campaignId: job.campaignId,
    region: job.region,
    mo: mos[index % mos.length]!,
    smo,
    decision: { eligible: true, group, code: group === 1 ? 'G1_COVID_CHRONIC' : 'G2_COVID', reason: GROUP_LABELS[group] },
    card: cardOf(fields),
  });
}

/** Persons of the MO at `position` among `mos` MOs under round-robin. */
export function personsOfMo(persons: number, mos: number, position: number): number {
  return Math.floor(persons / mos) + (position < persons % mos ? 1 : 0);
}
