import type { CovidCase, InsuredPerson, IsoDate } from '../../../shared/domain/records.js';
import { makeEnp, type Sex } from '../../../shared/identifiers/enp.js';
import { luhnCheckDigit } from '../../../shared/identifiers/luhn.js';
import { formatSnils, makeSnils, snilsControl } from '../../../shared/identifiers/snils.js';
import type { RowCode } from '../../../shared/flk/codes.js';
import type { ReferenceData } from '../../../shared/reference/types.js';
import { dayNumber, civil, isoOfDay, ruOfDay, todayIso } from './days.js';
import { femaleSurname, NAMES_FEMALE, NAMES_MALE, PATRONYMICS, SURNAMES_MALE } from './names.js';
import { Rng } from './prng.js';

export { writeExport, type ExportEncoding, type WriteExportOptions } from './write.js';

/**
 * Deterministic, realistic test data (DOMAIN.md §3.1–3.2) consistent with the demo НСИ registries.
 * Every data row is a pure function of (seed, region, row number, today), so rows can be regenerated
 * individually and the same options always give the same file.
 *
 * Uniqueness by construction (so no unplanned duplicate errors appear):
 * - ЕНП: counter = (startCounter + row − 1) mod 100000 and the birth day ≡ (startCounter + row − 1)
 *   div 100000 (mod 256): two rows sharing a counter differ in birth date, hence in ЕНП digits 3–10.
 *   Holds for up to 25.6 M rows per call.
 * - СНИЛС: the first nine digits are an affine permutation of the row index.
 */
export const INSURED_COLUMNS = ['ENP', 'SS', 'FAM', 'IM', 'OT', 'W', 'DR', 'PHONE', 'MO', 'SMO', 'DS_CHRONIC', 'LAST_VISIT', 'DDEATH'] as const;
export const COVID_COLUMNS = ['ENP', 'SS', 'DS', 'DATE_RECOVERY'] as const;
export type InsuredColumn = (typeof INSURED_COLUMNS)[number];

/** One kind of defect per ФЛК row rule that a generated row can carry. */
export const INJECTABLE_ERRORS = [
  'ENP_LENGTH', // ЕНП of 15 digits
  'ENP_CHECKSUM', // 16 digits, wrong Luhn check digit
  'ENP_REGION', // valid Luhn, but digits 1–2 are no subject code (99)
  'ENP_FACET_MISMATCH', // valid ЕНП whose digits 3–10 encode the other sex (warning)
  'SNILS_FORMAT', // СНИЛС of 9 digits
  'SNILS_CHECKSUM', // СНИЛС with a wrong control number
  'DATE_FORMAT', // LAST_VISIT written as YYYY-MM-DD
  'DATE_IMPOSSIBLE', // LAST_VISIT 31.02.YYYY
  'DATE_FUTURE', // LAST_VISIT after today
  'W_INVALID', // W = 3
  'MO_UNKNOWN', // MO code of the region that is not in the registry
  'MO_OTHER_REGION', // an existing MO of another region
  'SMO_UNKNOWN', // SMO code of the region that is not in the registry
  'SMO_OTHER_REGION', // an existing SMO of another region
  'REQUIRED_MISSING', // FAM or IM empty (see Injection.field)
  'ENP_DUPLICATE', // same person as an earlier clean row (Injection.duplicateOf)
  'FIELD_COUNT', // 12 fields instead of 13 (DDEATH dropped)
  'ICD10_MALFORMED', // DS_CHRONIC with a Cyrillic look-alike letter (Е11.9)
  'PHONE_INVALID', // PHONE 12-34 (warning: the row is loaded without the phone)
  'DATE_BEFORE_BIRTH', // LAST_VISIT before DR
  'FIELD_TOO_LONG', // FAM of more than 40 characters (a long compound surname)
] as const;
export type InjectableError = (typeof INJECTABLE_ERRORS)[number];

export const INJECTION_FIELD: Readonly<Record<InjectableError, InsuredColumn | undefined>> = {
  ENP_LENGTH: 'ENP',
  ENP_CHECKSUM: 'ENP',
  ENP_REGION: 'ENP',
  ENP_FACET_MISMATCH: 'ENP',
  SNILS_FORMAT: 'SS',
  SNILS_CHECKSUM: 'SS',
  DATE_FORMAT: 'LAST_VISIT',
  DATE_IMPOSSIBLE: 'LAST_VISIT',
  DATE_FUTURE: 'LAST_VISIT',
  W_INVALID: 'W',
  MO_UNKNOWN: 'MO',
  MO_OTHER_REGION: 'MO',
  SMO_UNKNOWN: 'SMO',
  SMO_OTHER_REGION: 'SMO',
  REQUIRED_MISSING: 'FAM',
  ENP_DUPLICATE: 'ENP',
  FIELD_COUNT: undefined,
  ICD10_MALFORMED: 'DS_CHRONIC',
  PHONE_INVALID: 'PHONE',
  DATE_BEFORE_BIRTH: 'LAST_VISIT',
  FIELD_TOO_LONG: 'FAM',
};

/** The ФЛК rule (shared/flk/codes.ts) each defect must trigger — exactly one finding per row. */
export const INJECTION_FLK_CODE: Readonly<Record<InjectableError, RowCode>> = {
  REQUIRED_MISSING: 'R001',
  ENP_LENGTH: 'R002',
  ENP_CHECKSUM: 'R003',
  ENP_REGION: 'R004',
  ENP_FACET_MISMATCH: 'R005',
  SNILS_FORMAT: 'R006',
  SNILS_CHECKSUM: 'R007',
  DATE_FORMAT: 'R008',
  DATE_IMPOSSIBLE: 'R009',
  DATE_FUTURE: 'R010',
  W_INVALID: 'R011',
  MO_UNKNOWN: 'R012',
  MO_OTHER_REGION: 'R013',
  SMO_UNKNOWN: 'R014',
  SMO_OTHER_REGION: 'R015',
  ENP_DUPLICATE: 'R016',
  FIELD_COUNT: 'R017',
  ICD10_MALFORMED: 'R018',
  PHONE_INVALID: 'R019',
  DATE_BEFORE_BIRTH: 'R020',
  FIELD_TOO_LONG: 'R023',
};

/** Accepts an injectable error name or its ФЛК code (R002…). */
export function injectableOf(name: string): InjectableError | undefined {
  const upper = name.trim().toUpperCase();
  if ((INJECTABLE_ERRORS as readonly string[]).includes(upper)) return upper as InjectableError;
  return INJECTABLE_ERRORS.find((e) => INJECTION_FLK_CODE[e] === upper);
}

/** The facet mismatch (DOMAIN.md §1) and a bad phone are warnings; every other injection rejects the row. */
export const INJECTION_SEVERITY: Readonly<Record<InjectableError, 'error' | 'warning'>> = Object.fromEntries(
  INJECTABLE_ERRORS.map((e) => [e, e === 'ENP_FACET_MISMATCH' || e === 'PHONE_INVALID' ? 'warning' : 'error']),
) as Record<InjectableError, 'error' | 'warning'>;

export interface Injection {
  /** 1-based data row. */
  row: number;
  /** Physical line in the file (header is line 1). */
  line: number;
  error: InjectableError;
  field?: InsuredColumn;
  /** For ENP_DUPLICATE: the earlier (clean) row whose person is repeated. */
  duplicateOf?: number;
}

export interface InsuredOptions {
  region: string;
  rows: number;
  seed?: number;
  ref: ReferenceData;
  startCounter?: number;
  errors?: Partial<Record<InjectableError, number>>;
  /** "Today" for ages, visit and death dates, future-date injections; default: the UTC date now. */
  today?: IsoDate;
}

export interface GeneratedRow {
  fields: string[];
  injected?: InjectableError;
}

const PLAN_STREAM = 7;
const ROW_STREAM = 1;
const COVID_STREAM = 2;

/** Which rows get which defect. Row 1 is always clean; duplicate sources are clean rows. */
export function planInjections(opts: { rows: number; seed?: number; errors?: Partial<Record<InjectableError, number>> }): Injection[] {
  const seed = opts.seed ?? 1;
  const kinds: InjectableError[] = [];
  for (const kind of INJECTABLE_ERRORS) {
    const n = opts.errors?.[kind] ?? 0;
    if (!Number.isInteger(n) || n < 0) throw new Error(`Число ошибок ${kind} должно быть целым ≥ 0`);
    for (let i = 0; i < n; i++) kinds.push(kind);
  }
  if (kinds.length === 0) return [];
  const duplicates = opts.errors?.ENP_DUPLICATE ?? 0;
  // Room for every injected row plus one clean source per duplicate, never using row 1 for a defect.
  if (kinds.length + duplicates > opts.rows - 1) {
    throw new Error(`Слишком много ошибок (${kinds.length}) для ${opts.rows} строк`);
  }
  const rng = new Rng().reseed(seed, 0, PLAN_STREAM);
  // Fisher–Yates over the kinds, then distinct random rows in [2, rows].
  for (let i = kinds.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [kinds[i], kinds[j]] = [kinds[j] as InjectableError, kinds[i] as InjectableError];
  }
  const taken = new Set<number>();
  const injections: Injection[] = kinds.map((error) => {
    let row: number;
    do row = rng.int(2, opts.rows);
    while (taken.has(row));
    taken.add(row);
    const injection: Injection = { row, line: row + 1, error };
    const field = error === 'REQUIRED_MISSING' ? (rng.chance(0.5) ? 'FAM' : 'IM') : INJECTION_FIELD[error];
    if (field) injection.field = field;
    return injection;
  });
  // Sources: clean earlier rows, each used once, searched downward from a random start.
  const sources = new Set<number>();
  for (const inj of injections.filter((i) => i.error === 'ENP_DUPLICATE').sort((a, b) => a.row - b.row)) {
    let src = rng.int(1, inj.row - 1);
    const start = src;
    while (taken.has(src) || sources.has(src)) {
      src = src > 1 ? src - 1 : inj.row - 1;
      if (src === start) throw new Error(`Нет чистой строки до ${inj.row} для дубликата ЕНП`);
    }
    sources.add(src);
    inj.duplicateOf = src;
  }
  // Sources must stay clean: no later defect may land on them (they were drawn after all rows).
  return injections.sort((a, b) => a.row - b.row);
}

// Specific ICD-10 codes, weighted by repetition (hypertension and diabetes dominate dispensary lists).
const CHRONIC_CODES = [
  'I10', 'I10', 'I11.9', 'I11.9', 'I11.9', 'I11.0', 'I20.8', 'I25.1', 'I25.1', 'I25.2', 'I48', 'I48.0', 'I50.0', 'I50.9',
  'I67.8', 'I67.8', 'I69.3', 'I70.2', 'I42.0', 'I49.9', 'I35.0', 'E11.9', 'E11.9', 'E11.6', 'E10.9', 'E78.0', 'E78.0',
  'J44.9', 'J44.8', 'J45.0', 'J45.9', 'J47', 'N18.3', 'N18.4', 'C50.9', 'C61', 'C18.7', 'C34.1', 'K74.6',
];
const NON_CHRONIC_CODES = ['J06.9', 'K29.5', 'M42.1', 'M54.5', 'H52.1', 'K80.2', 'N20.0', 'L40.0', 'H40.1', 'G43.9', 'E03.9', 'D50.9'];

// Age in years by share of the population (≈ Rosstat structure, children ≈ 20 %).
const AGE_BANDS: readonly (readonly [number, number, number])[] = [
  [0.2, 0, 17],
  [0.33, 18, 29],
  [0.56, 30, 44],
  [0.76, 45, 59],
  [0.93, 60, 74],
  [1, 75, 95],
];

const SNILS_SPACE = 998_000_000; // first nine digits in 002 000 000 … 999 999 999 (all checked)
const SNILS_STEP = 14_348_907; // 3^15, coprime with SNILS_SPACE (= 2^7·5^6·499): a permutation; index·step stays < 2^53

/** The drawn facts of one row as numbers and indices (cheap to produce; formatted on demand). */
export interface RawRow {
  sex: Sex;
  drDay: number;
  counter: number;
  famIdx: number;
  imIdx: number;
  /** Index into PATRONYMICS, −1 = no patronymic. */
  otIdx: number;
  /** First nine СНИЛС digits as a number, −1 = no СНИЛС. */
  snilsNine: number;
  snilsFormatted: boolean;
  /** Nine digits after +79, −1 = no phone. */
  phone: number;
  moIdx: number;
  smoIdx: number;
  ds: string[];
  /** Day numbers; NaN = empty. */
  lastVisitDay: number;
  deathDay: number;
}

/** The row's values as text (what fields() formats and defects modify). */
interface Draw {
  enp: string;
  sex: Sex;
  drDay: number;
  counter: number;
  fam: string;
  im: string;
  ot: string;
  snils: string;
  snilsFormatted: boolean;
  phone: string;
  mo: string;
  smo: string;
  ds: string[];
  lastVisitDay: number;
  deathDay: number;
}

export const FAM_FEMALE = SURNAMES_MALE.map(femaleSurname);

/** Random access to the rows of one generated export. */
export class InsuredFactory {
  readonly injections: readonly Injection[];
  readonly region: string;
  readonly mos: readonly string[];
  readonly smos: readonly string[];
  private readonly byRow = new Map<number, Injection>();
  private readonly rng = new Rng();
  private readonly injectRng = new Rng();
  private readonly seed: number;
  private readonly start: number;
  /** Today as a day number (days since 1970-01-01). */
  readonly today: number;
  private readonly foreignMos: string[];
  private readonly foreignSmos: string[];
  private readonly badRegion: string;
  private readonly unknownMo: string;
  private readonly unknownSmo: string;
  // Per-day caches: dates repeat across millions of rows, formatting them once is much cheaper.
  private readonly dayBase: number;
  private readonly ruDays: string[] = [];
  private readonly enpPrefixes: string[] = [];

  constructor(opts: InsuredOptions) {
    this.seed = opts.seed ?? 1;
    this.region = opts.region;
    this.start = opts.startCounter ?? 0;
    this.today = dayNumber(opts.today ?? todayIso());
    this.dayBase = this.today - 110 * 366;
    const { ref } = opts;
    if (!ref.regions.has(this.region)) throw new Error(`Регион ${this.region} не найден в НСИ`);
    this.mos = [...ref.mos.values()].filter((m) => m.region === this.region && m.primaryCare).map((m) => m.code);
    this.smos = [...ref.smos.values()].filter((s) => s.region === this.region).map((s) => s.code);
    if (this.mos.length === 0 || this.smos.length === 0) {
      throw new Error(`В демонстрационной НСИ нет МО первичной помощи или СМО региона ${this.region}`);
    }
    this.foreignMos = [...ref.mos.values()].filter((m) => m.region !== this.region).map((m) => m.code);
    this.foreignSmos = [...ref.smos.values()].filter((m) => m.region !== this.region).map((m) => m.code);
    this.badRegion = firstFree('', 2, (c) => ref.regions.has(c));
    this.unknownMo = firstFree(this.region + '9', 3, (c) => ref.mos.has(c));
    this.unknownSmo = firstFree(this.region + '9', 2, (c) => ref.smos.has(c));
    for (const c of CHRONIC_CODES) if (!ref.isChronicDisease(c)) throw new Error(`Код ${c} отсутствует в перечне хронических заболеваний НСИ`);
    for (const c of NON_CHRONIC_CODES) if (ref.isChronicDisease(c)) throw new Error(`Код ${c} неожиданно входит в перечень хронических заболеваний`);
    if (this.start + opts.rows > 25_600_000) throw new Error('Не более 25,6 млн строк на один вызов (уникальность ЕНП)');
    this.injections = planInjections(opts);
    if (this.injections.some((i) => i.error === 'MO_OTHER_REGION') && this.foreignMos.length === 0) {
      throw new Error('В НСИ нет МО других регионов для ошибки MO_OTHER_REGION');
    }
    if (this.injections.some((i) => i.error === 'SMO_OTHER_REGION') && this.foreignSmos.length === 0) {
      throw new Error('В НСИ нет СМО других регионов для ошибки SMO_OTHER_REGION');
    }
    for (const inj of this.injections) this.byRow.set(inj.row, inj);
  }

  injectionAt(row: number): Injection | undefined {
    return this.byRow.get(row);
  }

  /** The row's fields in INSURED_COLUMNS order, with its planned defect applied. */
  fields(row: number): string[] {
    const d = this.text(this.raw(row));
    const inj = this.byRow.get(row);
    if (inj) this.inject(d, inj);
    const fields = [
      d.enp,
      d.snils === '' ? '' : d.snilsFormatted ? formatSnils(d.snils) : d.snils,
      d.fam,
      d.im,
      d.ot,
      String(d.sex),
      this.ru(d.drDay),
      d.phone,
      d.mo,
      d.smo,
      d.ds.join(','),
      Number.isNaN(d.lastVisitDay) ? '' : this.ru(d.lastVisitDay),
      Number.isNaN(d.deathDay) ? '' : this.ru(d.deathDay),
    ];
    if (inj) this.format(fields, d, inj);
    return fields;
  }

  /** The row as one `;`-joined line without a line end (same text as `fields(row).join(';')`). */
  line(row: number): string {
    return this.fields(row).join(';');
  }

  /** The person of a row as a valid load would see it (before any defect is applied). */
  person(row: number): InsuredPerson {
    const d = this.text(this.raw(row));
    const p: InsuredPerson = { enp: d.enp, fam: d.fam, im: d.im, w: d.sex, dr: isoOfDay(d.drDay), mo: d.mo, smo: d.smo, dsChronic: d.ds };
    if (d.snils) p.snils = d.snils;
    if (d.ot) p.ot = d.ot;
    if (d.phone) p.phone = d.phone;
    if (!Number.isNaN(d.lastVisitDay)) p.lastVisit = isoOfDay(d.lastVisitDay);
    if (!Number.isNaN(d.deathDay)) p.dDeath = isoOfDay(d.deathDay);
    return p;
  }

  /** ЕНП of a drawn row (digits 1–10 cached per birth day and sex). */
  enp(drDay: number, sex: Sex, counter: number): string {
    const i = (drDay - this.dayBase) * 2 + sex - 1;
    let prefix = i >= 0 ? this.enpPrefixes[i] : undefined;
    if (prefix === undefined) {
      const { y, m, d } = civil(drDay);
      prefix = fastEnp(this.region, y, m, d, sex, 0).slice(0, 10);
      if (i >= 0) this.enpPrefixes[i] = prefix;
    }
    const body = prefix + String(counter).padStart(5, '0');
    return body + luhnCheckDigit(body);
  }

  private text(raw: RawRow): Draw {
    return {
      enp: this.enp(raw.drDay, raw.sex, raw.counter),
      sex: raw.sex,
      drDay: raw.drDay,
      counter: raw.counter,
      fam: raw.sex === 1 ? SURNAMES_MALE[raw.famIdx]! : FAM_FEMALE[raw.famIdx]!,
      im: raw.sex === 1 ? NAMES_MALE[raw.imIdx]! : NAMES_FEMALE[raw.imIdx]!,
      ot: raw.otIdx < 0 ? '' : PATRONYMICS[raw.otIdx]![raw.sex - 1]!,
      snils: raw.snilsNine < 0 ? '' : makeSnils(String(raw.snilsNine).padStart(9, '0')),
      snilsFormatted: raw.snilsFormatted,
      phone: raw.phone < 0 ? '' : '+79' + String(raw.phone).padStart(9, '0'),
      mo: this.mos[raw.moIdx]!,
      smo: this.smos[raw.smoIdx]!,
      ds: raw.ds,
      lastVisitDay: raw.lastVisitDay,
      deathDay: raw.deathDay,
    };
  }

  /** First nine СНИЛС digits of a row index: a permutation, so distinct rows never share one. */
  private snilsNine(index: number): number {
    return 2_000_000 + ((index * SNILS_STEP + this.seed * 7919) % SNILS_SPACE);
  }

  private ru(day: number): string {
    const i = day - this.dayBase;
    if (i < 0 || i > 120 * 366) return ruOfDay(day);
    return (this.ruDays[i] ??= ruOfDay(day));
  }

  /** The drawn facts of a row; every caller sees the same values for the same row. */
  raw(row: number): RawRow {
    const r = this.rng.reseed(this.seed, row, ROW_STREAM);
    const index = this.start + row - 1;
    const counter = index % 100_000;
    const block = Math.floor(index / 100_000);
    const today = this.today;

    const sex: Sex = r.chance(0.54) ? 2 : 1;
    const u = r.next();
    let band = AGE_BANDS[AGE_BANDS.length - 1]!;
    for (const b of AGE_BANDS) {
      if (u < b[0]) {
        band = b;
        break;
      }
    }
    const age = r.int(band[1], band[2]);
    let drDay = today - Math.floor(age * 365.25) - r.int(0, 364);
    drDay -= (((drDay - block) % 256) + 256) % 256; // the ЕНП uniqueness rule above

    const famIdx = Math.floor(r.next() * SURNAMES_MALE.length);
    const imIdx = Math.floor(r.next() * (sex === 1 ? NAMES_MALE.length : NAMES_FEMALE.length));
    const otIdx = r.chance(0.02) ? -1 : Math.floor(r.next() * PATRONYMICS.length);

    const snilsNine = r.chance(0.88) ? this.snilsNine(index) : -1;
    const snilsFormatted = r.chance(0.5);
    const phone = r.chance(0.8) ? r.int(0, 999_999_999) : -1;
    const moIdx = Math.floor(r.next() * this.mos.length);
    // A few big SMOs: the first in the registry takes the largest share.
    const smoIdx = r.chance(0.4) ? 0 : Math.floor(r.next() * this.smos.length);

    const ds: string[] = [];
    const sick = age < 18 ? 0.03 : age < 40 ? 0.15 : age < 60 ? 0.4 : 0.7;
    if (r.chance(sick)) {
      const n = r.chance(0.45) ? 1 : r.chance(0.65) ? 2 : 3;
      while (ds.length < n) {
        const code = r.pick(CHRONIC_CODES);
        if (!ds.includes(code)) ds.push(code);
      }
    }
    if (r.chance(0.06)) ds.push(r.pick(NON_CHRONIC_CODES));

    const v = r.next();
    let lastVisitDay = v < 0.75 ? today - r.int(0, 700) : v < 0.87 ? today - r.int(760, 2200) : NaN;
    if (lastVisitDay < drDay) lastVisitDay = NaN;
    let deathDay = NaN;
    if (r.chance(age >= 60 ? 0.02 : 0.002)) {
      deathDay = today - r.int(1, 1000);
      if (deathDay <= drDay) deathDay = NaN;
      else if (lastVisitDay > deathDay) lastVisitDay = deathDay;
    }
    return { sex, drDay, counter, famIdx, imIdx, otIdx, snilsNine, snilsFormatted, phone, moIdx, smoIdx, ds, lastVisitDay, deathDay };
  }

  /** Defects that change drawn values before formatting. */
  private inject(d: Draw, inj: Injection): void {
    const r = this.injectRng.reseed(this.seed, inj.row, PLAN_STREAM + 1);
    switch (inj.error) {
      case 'ENP_DUPLICATE': {
        // The same person sent twice: everything repeated except the phone, so no other rule fires.
        const phone = d.phone;
        Object.assign(d, this.text(this.raw(inj.duplicateOf!)), { phone });
        break;
      }
      case 'ENP_FACET_MISMATCH':
        d.enp = makeEnp(this.region, isoOfDay(d.drDay), d.sex === 1 ? 2 : 1, d.counter);
        break;
      case 'SNILS_CHECKSUM': {
        const nine = d.snils ? d.snils.slice(0, 9) : String(this.snilsNine(this.start + inj.row - 1)).padStart(9, '0');
        d.snils = nine + String((snilsControl(nine) + r.int(1, 99)) % 100).padStart(2, '0');
        break;
      }
      case 'MO_UNKNOWN':
        d.mo = this.unknownMo;
        break;
      case 'MO_OTHER_REGION':
        d.mo = r.pick(this.foreignMos);
        break;
      case 'SMO_UNKNOWN':
        d.smo = this.unknownSmo;
        break;
      case 'SMO_OTHER_REGION':
        d.smo = r.pick(this.foreignSmos);
        break;
      case 'ENP_REGION':
        d.enp = makeEnp(this.badRegion, isoOfDay(d.drDay), d.sex, d.counter);
        break;
      case 'DATE_BEFORE_BIRTH':
        d.lastVisitDay = d.drDay - r.int(1, 300);
        d.deathDay = NaN;
        break;
      case 'FIELD_TOO_LONG':
        d.fam = d.sex === 1 ? 'Римский-Корсаков-Мусин-Пушкин-Голенищев-Кутузов' : 'Римская-Корсакова-Мусина-Пушкина-Голенищева-Кутузова';
        break;
      case 'PHONE_INVALID':
        d.phone = '12-34';
        break;
      case 'DATE_FUTURE':
        d.lastVisitDay = this.today + r.int(30, 400);
        d.deathDay = NaN;
        break;
      case 'DATE_FORMAT':
      case 'DATE_IMPOSSIBLE':
        d.deathDay = NaN; // keeps the row free of other date relations (death before visit…)
        break;
      default:
        break;
    }
  }

  /** Defects that are about the text of a field. */
  private format(fields: string[], d: Draw, inj: Injection): void {
    const visitYear = civil(Number.isNaN(d.lastVisitDay) ? this.today - 30 : d.lastVisitDay).y;
    switch (inj.error) {
      case 'ENP_LENGTH':
        fields[0] = d.enp.slice(0, 15);
        break;
      case 'ENP_CHECKSUM':
        fields[0] = d.enp.slice(0, 15) + String((Number(d.enp[15]) + 5) % 10);
        break;
      case 'DATE_FORMAT':
        fields[11] = isoOfDay(Number.isNaN(d.lastVisitDay) ? this.today - 30 : d.lastVisitDay);
        break;
      case 'DATE_IMPOSSIBLE':
        fields[11] = `31.02.${visitYear}`;
        break;
      case 'W_INVALID':
        fields[5] = '3';
        break;
      case 'SNILS_FORMAT':
        fields[1] = (d.snils || String(this.snilsNine(this.start + inj.row - 1)).padStart(9, '0')).slice(0, 9);
        break;
      case 'REQUIRED_MISSING':
        fields[inj.field === 'IM' ? 3 : 2] = '';
        break;
      case 'FIELD_COUNT':
        fields.pop();
        break;
      case 'ICD10_MALFORMED':
        fields[10] = d.ds.length > 0 ? `${d.ds.join(',')},Е11.9` : 'Е11.9'; // Cyrillic «Е»
        break;
      default:
        break;
    }
  }
}

const TWO = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));

/**
 * makeEnp without string reversal and regexes (it dominated generation time); digit for digit the
 * same number (the unit tests compare both). Inverting every digit d → 9−d of an n-digit block is
 * (10ⁿ−1) − block.
 */
export function fastEnp(region: string, y: number, m: number, d: number, sex: Sex, counter: number): string {
  const monthCode = m + (y <= 1950 ? 20 : y <= 2000 ? 40 : 0);
  const reversedYear = (y % 10) * 1000 + (Math.floor(y / 10) % 10) * 100 + (Math.floor(y / 100) % 10) * 10 + Math.floor(y / 1000);
  const yearPart = String(9999 - reversedYear).padStart(4, '0');
  const body = region + TWO[99 - monthCode] + yearPart + TWO[99 - d - (sex === 1 ? 50 : 0)] + String(counter).padStart(5, '0');
  return body + luhnCheckDigit(body);
}

function firstFree(prefix: string, digits: number, taken: (code: string) => boolean): string {
  for (let n = 10 ** digits - 1; n >= 0; n--) {
    const code = prefix + String(n).padStart(digits, '0');
    if (!taken(code)) return code;
  }
  throw new Error(`Нет свободного кода с префиксом ${prefix}`);
}

export function* generateInsured(opts: InsuredOptions): Generator<GeneratedRow> {
  const factory = new InsuredFactory(opts);
  for (let row = 1; row <= opts.rows; row++) {
    const inj = factory.injectionAt(row);
    yield inj ? { fields: factory.fields(row), injected: inj.error } : { fields: factory.fields(row) };
  }
}

/** Lines of the export (no header, no line ends) for writeExport: the fast path for big files. */
export function* insuredLines(opts: InsuredOptions): Generator<string> {
  const factory = new InsuredFactory(opts);
  for (let row = 1; row <= opts.rows; row++) yield factory.line(row);
}

export interface CovidOptions extends InsuredOptions {
  /** The campaign reference date the recovery dates are spread around. */
  referenceDate: IsoDate;
  /** Share of the insured with at least one COVID episode (default 0.15). */
  share?: number;
  /** Share of extract rows identified by СНИЛС only (default 0.2, persons with a СНИЛС only). */
  bySnilsShare?: number;
}

export interface GeneratedCovidRow {
  fields: string[];
  /** The insured data row this case belongs to. */
  row: number;
  record: CovidCase;
}

const FIRST_COVID_DAY = dayNumber('2020-03-15');

/**
 * A COVID register extract for the people of the matching insured export (same region, rows, seed,
 * startCounter, errors, today). Only clean, living insured rows get cases. Recovery dates are spread
 * around the reference date so groups 1, 2, COVID_RECENT and ignored after-the-date cases all occur;
 * never before 15.03.2020, the birth date, or after today.
 */
export function* generateCovid(opts: CovidOptions): Generator<GeneratedCovidRow> {
  const factory = new InsuredFactory(opts);
  const rng = new Rng();
  const share = opts.share ?? 0.15;
  const bySnils = opts.bySnilsShare ?? 0.2;
  const R = dayNumber(opts.referenceDate);
  const today = dayNumber(opts.today ?? todayIso());
  for (let row = 1; row <= opts.rows; row++) {
    if (factory.injectionAt(row)) continue;
    const r = rng.reseed(opts.seed ?? 1, row, COVID_STREAM);
    if (!r.chance(share)) continue;
    const person = factory.person(row);
    if (person.dDeath) continue;
    const c = r.next();
    const days: number[] =
      c < 0.5 ? [R - r.int(60, 600)]
      : c < 0.75 ? [R - r.int(0, 59)]
      : c < 0.85 ? [R - r.int(400, 700), R - r.int(60, 300)]
      : c < 0.92 ? [R - r.int(300, 600), R - r.int(0, 59)]
      : [R + r.int(1, 90)];
    const earliest = Math.max(FIRST_COVID_DAY, dayNumber(person.dr));
    const identifyBySnils = person.snils !== undefined && r.chance(bySnils);
    const withSnils = person.snils !== undefined && r.chance(0.5);
    for (const day of days) {
      if (day < earliest || day > today) continue;
      const ds = r.chance(0.85) ? 'U07.1' : 'U07.2';
      const record: CovidCase = { ds, dateRecovery: isoOfDay(day) };
      if (!identifyBySnils) record.enp = person.enp;
      if (identifyBySnils || withSnils) record.snils = person.snils;
      yield { row, record, fields: [record.enp ?? '', record.snils ?? '', ds, ruOfDay(day)] };
    }
  }
}
