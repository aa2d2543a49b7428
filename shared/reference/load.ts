import { z } from 'zod';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Campaign } from '../domain/records.js';
import { parseBedProfiles, parseHospitalizationReasons } from '../hospitalization/reference.js';
import type { InsuranceCompany, MedicalOrganization, ReferenceData, Region } from './types.js';

/**
 * Loads the НСИ files (DOMAIN.md §1) shipped under shared/reference/data/. The directory is data, not
 * code: point OMS_REFERENCE_DIR (or the `dir` argument) at a newer copy to change reference data
 * without a deploy. Results are cached per directory, so calling this per invocation is cheap.
 */
export const REFERENCE_DIR_ENV = 'OMS_REFERENCE_DIR';
/** Name of the copy placed next to a Lambda bundle (see infra: afterBundling hook). */
export const BUNDLED_DIR_NAME = 'reference-data';

export interface ReferenceManifest {
  version: string;
  date: string;
  description?: string;
  files: {
    regions: string;
    mos: string;
    smos: string;
    chronicIcd10: string;
    /** Seed 002's denominator: ХНИЗ under dispensary observation (older data directories may lack it). */
    dispensaryIcd10?: string;
    campaigns: string;
    bedProfiles: string;
    hospitalizationReasons: string;
  };
}

/** One line of chronic-icd10.csv: codes whose prefix of FROM's length lies in [FROM, TO]. */
export interface ChronicRange {
  from: string;
  to: string;
  name: string;
}

/** Raw file texts, so the data can be parsed without a file system (tests, other sources). */
export interface ReferenceTexts {
  manifest: ReferenceManifest;
  regions: string;
  mos: string;
  smos: string;
  chronicIcd10: string;
  /** dispensary-icd10.csv; without it the chronic list stands in (an older data directory). */
  dispensaryIcd10?: string;
  bedProfiles: string;
  hospitalizationReasons: string;
}

const ICD10 = /^[A-Z]\d{2}(\.\d{1,2})?$/;

export function isIcd10(code: string): boolean {
  return ICD10.test(code.trim().toUpperCase());
}

/** Matcher over the chronic ranges; a code counts when its prefix falls in a range (`I11.9` → `I11`). */
export function makeChronicMatcher(ranges: readonly ChronicRange[]): (icd10: string) => boolean {
  // Three-character ranges (almost all) become a set lookup; sub-code ranges are scanned.
  const categories = new Set<string>();
  const subcodes: ChronicRange[] = [];
  for (const r of ranges) {
    if (r.from.length === 3) for (const c of expandCategories(r.from, r.to)) categories.add(c);
    else subcodes.push(r);
  }
  return (icd10: string): boolean => {
    const code = icd10.trim().toUpperCase();
    if (!ICD10.test(code)) return false;
    if (categories.has(code.slice(0, 3))) return true;
    return subcodes.some((r) => {
      const prefix = code.slice(0, r.from.length);
      return prefix.length === r.from.length && prefix >= r.from && prefix <= r.to;
    });
  };
}

function expandCategories(from: string, to: string): string[] {
  const out: string[] = [];
  for (let letter = from.charCodeAt(0); letter <= to.charCodeAt(0); letter++) {
    for (let n = 0; n < 100; n++) {
      const code = String.fromCharCode(letter) + String(n).padStart(2, '0');
      if (code >= from && code <= to) out.push(code);
    }
  }
  return out;
}

/** `;`-separated UTF-8 with a header; our files never quote (names contain quotes but no `;`). */
function parseCsv(text: string, file: string, header: readonly string[]): string[][] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const head = lines[0]?.split(';') ?? [];
  if (head.join(';') !== header.join(';')) {
    throw new Error(`НСИ ${file}: заголовок «${head.join(';')}», ожидается «${header.join(';')}»`);
  }
  const rows: string[][] = [];
  lines.slice(1).forEach((line, i) => {
    if (line.trim() === '') return;
    const fields = line.split(';');
    if (fields.length !== header.length) {
      throw new Error(`НСИ ${file}, строка ${i + 2}: полей ${fields.length}, ожидается ${header.length}`);
    }
    rows.push(fields.map((f) => f.trim()));
  });
  return rows;
}

function flag(value: string, file: string, code: string): boolean {
  if (value !== '0' && value !== '1') throw new Error(`НСИ ${file}, код ${code}: признак «${value}» не 0/1`);
  return value === '1';
}

function putUnique<T>(map: Map<string, T>, code: string, value: T, file: string): void {
  if (map.has(code)) throw new Error(`НСИ ${file}: код ${code} повторяется`);
  map.set(code, value);
}

let knownZones: Set<string> | undefined;

export function isValidTimeZone(zone: string): boolean {
  // One ICU list lookup instead of a formatter per region (cold start); aliases fall through.
  knownZones ??= new Set(Intl.supportedValuesOf('timeZone'));
  if (knownZones.has(zone)) return true;
  try {
    new Intl.DateTimeFormat('ru-RU', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function parseChronicRanges(text: string, file = 'chronic-icd10.csv'): ChronicRange[] {
  return parseCsv(text, file, ['FROM', 'TO', 'NAME']).map(([from = '', to = '', name = '']) => {
    if (!ICD10.test(from) || !ICD10.test(to) || from.length !== to.length || from > to) {
      throw new Error(`НСИ ${file}: некорректный диапазон МКБ-10 ${from}–${to}`);
    }
    return { from, to, name };
  });
}

/** Parses and checks the reference files; throws on any inconsistency (bad data must not load). */
export function parseReferenceData(texts: ReferenceTexts): ReferenceData {
  const { manifest } = texts;
  const regions = new Map<string, Region>();
  for (const [code = '', name = '', timeZone = ''] of parseCsv(texts.regions, manifest.files.regions, ['CODE', 'NAME', 'TIME_ZONE'])) {
    if (!/^\d{2}$/.test(code)) throw new Error(`НСИ ${manifest.files.regions}: код региона «${code}» не из 2 цифр`);
    if (!isValidTimeZone(timeZone)) throw new Error(`НСИ ${manifest.files.regions}: неизвестный часовой пояс ${timeZone} (${code})`);
    putUnique(regions, code, { code, name, timeZone }, manifest.files.regions);
  }

  const mos = new Map<string, MedicalOrganization>();
  const moHeader = ['CODE', 'REGION', 'NAME', 'PRIMARY_CARE', 'DAY_HOSPITAL', 'SPECIALIZED_INPATIENT'];
  for (const [code = '', region = '', name = '', p = '', d = '', s = ''] of parseCsv(texts.mos, manifest.files.mos, moHeader)) {
    if (!/^\d{6}$/.test(code) || !code.startsWith(region) || !regions.has(region)) {
      throw new Error(`НСИ ${manifest.files.mos}: код МО ${code} не соответствует региону ${region}`);
    }
    const f = manifest.files.mos;
    putUnique(mos, code, { code, region, name, primaryCare: flag(p, f, code), dayHospital: flag(d, f, code), specializedInpatient: flag(s, f, code) }, f);
  }

  const smos = new Map<string, InsuranceCompany>();
  for (const [code = '', region = '', name = ''] of parseCsv(texts.smos, manifest.files.smos, ['CODE', 'REGION', 'NAME'])) {
    if (!/^\d{5}$/.test(code) || !code.startsWith(region) || !regions.has(region)) {
      throw new Error(`НСИ ${manifest.files.smos}: код СМО ${code} не соответствует региону ${region}`);
    }
    putUnique(smos, code, { code, region, name }, manifest.files.smos);
  }

  const isChronicDisease = makeChronicMatcher(parseChronicRanges(texts.chronicIcd10, manifest.files.chronicIcd10));
  const isDispensaryDisease =
    texts.dispensaryIcd10 === undefined ? isChronicDisease : makeChronicMatcher(parseChronicRanges(texts.dispensaryIcd10, manifest.files.dispensaryIcd10 ?? 'dispensary-icd10.csv'));
  const bedProfiles = new Map(parseBedProfiles(texts.bedProfiles, manifest.files.bedProfiles).map((p) => [p.code, p]));
  const hospitalizationReasons = new Map(parseHospitalizationReasons(texts.hospitalizationReasons, manifest.files.hospitalizationReasons).map((r) => [r.code, r]));
  return { version: manifest.version, regions, mos, smos, bedProfiles, hospitalizationReasons, isChronicDisease, isDispensaryDisease, isIcd10 };
}

function moduleDir(): string | undefined {
  try {
    // Empty in a CommonJS bundle (esbuild replaces import.meta); the Lambda fallbacks cover that.
    const url = import.meta.url;
    return url ? dirname(fileURLToPath(url)) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Where the data lives: OMS_REFERENCE_DIR when set; else `data/` next to this module (running
 * from source); else `reference-data/` next to the bundle or in LAMBDA_TASK_ROOT (Lambda).
 */
export function resolveReferenceDir(dir?: string): string {
  const explicit = dir ?? process.env[REFERENCE_DIR_ENV];
  if (explicit) return resolve(explicit);
  const candidates: string[] = [];
  const here = moduleDir();
  if (here) candidates.push(join(here, 'data'), join(here, BUNDLED_DIR_NAME));
  const taskRoot = process.env.LAMBDA_TASK_ROOT;
  if (taskRoot) candidates.push(join(taskRoot, BUNDLED_DIR_NAME));
  const found = candidates.find((c) => existsSync(join(c, 'manifest.json')));
  if (!found) throw new Error(`НСИ не найдена: нет manifest.json в ${candidates.join(', ') || '(нет кандидатов)'}; задайте ${REFERENCE_DIR_ENV}`);
  return found;
}

export function readManifest(dir: string): ReferenceManifest {
  return JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as ReferenceManifest;
}

const cache = new Map<string, ReferenceData>();
const campaignCache = new Map<string, Campaign[]>();

export function loadReferenceData(dir?: string): ReferenceData {
  const root = resolveReferenceDir(dir);
  let data = cache.get(root);
  if (!data) {
    const manifest = readManifest(root);
    const read = (name: string): string => readFileSync(join(root, name), 'utf8');
    data = parseReferenceData({
      manifest,
      regions: read(manifest.files.regions),
      mos: read(manifest.files.mos),
      smos: read(manifest.files.smos),
      chronicIcd10: read(manifest.files.chronicIcd10),
      ...(manifest.files.dispensaryIcd10 ? { dispensaryIcd10: read(manifest.files.dispensaryIcd10) } : {}),
      bedProfiles: read(manifest.files.bedProfiles),
      hospitalizationReasons: read(manifest.files.hospitalizationReasons),
    });
    cache.set(root, data);
  }
  return data;
}

/** The chronic ranges with their Russian names (for display; matching goes through ReferenceData). */
export function loadChronicRanges(dir?: string): ChronicRange[] {
  const root = resolveReferenceDir(dir);
  const manifest = readManifest(root);
  return parseChronicRanges(readFileSync(join(root, manifest.files.chronicIcd10), 'utf8'), manifest.files.chronicIcd10);
}

const ISO = /^\d{4}-\d{2}-\d{2}$/;

export function parseCampaigns(json: unknown, file = 'campaigns.json'): Campaign[] {
  if (!Array.isArray(json)) throw new Error(`НСИ ${file}: ожидается массив кампаний`);
  const seen = new Set<string>();
  return json.map((c: Partial<Campaign>, i) => {
    if (typeof c.id !== 'string' || !c.id || typeof c.name !== 'string' || typeof c.active !== 'boolean' ||
      typeof c.referenceDate !== 'string' || !ISO.test(c.referenceDate) || Number.isNaN(Date.parse(c.referenceDate))) {
      throw new Error(`НСИ ${file}: кампания № ${i + 1} заполнена неверно`);
    }
    if (seen.has(c.id)) throw new Error(`НСИ ${file}: кампания ${c.id} повторяется`);
    seen.add(c.id);
    const campaign: Campaign = { id: c.id, name: c.name, referenceDate: c.referenceDate, active: c.active };
    if (c.plan !== undefined) {
      const plan = CampaignPlanSchema.safeParse(c.plan);
      if (!plan.success) {
        const issue = plan.error.issues[0]!;
        throw new Error(`НСИ ${file}: кампания ${c.id}, план, поле ${issue.path.join('.')}: ${issue.message}`);
      }
      campaign.plan = plan.data;
    }
    return campaign;
  });
}

const IsoDay = z.string().regex(ISO, 'дата ГГГГ-ММ-ДД').refine((d) => !Number.isNaN(Date.parse(d)), 'несуществующая дата');
const BatchScheduleSchema = z
  .object({ formOn: IsoDay, returnBy: IsoDay, registryBy: IsoDay, checkBy: IsoDay })
  .refine((b) => b.formOn <= b.returnBy && b.returnBy <= b.registryBy && b.registryBy <= b.checkBy, 'даты этапа идут не по порядку');
const CampaignPlanSchema = z.object({
  examWindow: z.object({ from: IsoDay, to: IsoDay }).refine((w) => w.from <= w.to, 'окно обследований пусто'),
  batches: z.object({ '12': BatchScheduleSchema, '34': BatchScheduleSchema }),
});

export function loadCampaigns(dir?: string): Campaign[] {
  const root = resolveReferenceDir(dir);
  let campaigns = campaignCache.get(root);
  if (!campaigns) {
    const manifest = readManifest(root);
    campaigns = parseCampaigns(JSON.parse(readFileSync(join(root, manifest.files.campaigns), 'utf8')), manifest.files.campaigns);
    campaignCache.set(root, campaigns);
  }
  return campaigns;
}

export function findCampaign(id: string, dir?: string): Campaign | undefined {
  return loadCampaigns(dir).find((c) => c.id === id);
}

/**
 * A seed campaign's schedule as shipped (`schedules/<id>.json`, seed 000's letter transcribed):
 * the first version of its schedule until FOMS loads one. Unparsed: the caller checks it.
 */
export function loadShippedSchedule(campaignId: string, dir?: string): unknown {
  const file = join(resolveReferenceDir(dir), 'schedules', `${campaignId}.json`);
  return /^[A-Za-z0-9._-]+$/.test(campaignId) && existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
}
