import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  REFERENCE_DIR_ENV,
  isIcd10,
  loadCampaigns,
  loadChronicRanges,
  loadReferenceData,
  parseCampaigns,
  parseReferenceData,
  readManifest,
  resolveReferenceDir,
  type ReferenceTexts,
} from '../../../shared/reference/load.js';

const ref = loadReferenceData();

/** DOMAIN.md §10, transcribed: zone → region codes ('new' = the four new regions). */
const DOMAIN_10: Record<string, string> = {
  'Europe/Kaliningrad': '39',
  'Europe/Moscow':
    '01, 05–13, 15, 16, 20, 21, 23, 26, 29, 31–33, 35–37, 40, 44, 46–48, 50–53, 57, 58, 60–62, 67–69, 71, 76–78, 83, new',
  'Europe/Volgograd': '34',
  'Europe/Kirov': '43',
  'Europe/Simferopol': '91, 92',
  'Europe/Samara': '18, 63',
  'Europe/Astrakhan': '30',
  'Europe/Saratov': '64',
  'Europe/Ulyanovsk': '73',
  'Asia/Yekaterinburg': '02, 45, 56, 59, 66, 72, 74, 86, 89',
  'Asia/Omsk': '55',
  'Asia/Barnaul': '04, 22',
  'Asia/Novokuznetsk': '42',
  'Asia/Novosibirsk': '54',
  'Asia/Tomsk': '70',
  'Asia/Krasnoyarsk': '17, 19, 24',
  'Asia/Irkutsk': '03, 38',
  'Asia/Chita': '75',
  'Asia/Yakutsk': '14, 28',
  'Asia/Vladivostok': '25, 27, 79',
  'Asia/Magadan': '49',
  'Asia/Sakhalin': '65',
  'Asia/Kamchatka': '41',
  'Asia/Anadyr': '87',
};
/** Codes chosen for the new regions (ФНС subject codes): see shared/reference/README.md. */
const NEW_REGIONS = { '90': 'Запорожская область', '93': 'Донецкая Народная Республика', '94': 'Луганская Народная Республика', '95': 'Херсонская область' };

function expand(list: string): string[] {
  return list.split(',').flatMap((part) => {
    const p = part.trim();
    if (p === 'new') return Object.keys(NEW_REGIONS);
    const [from, to] = p.split('–');
    if (!to) return [p];
    return Array.from({ length: Number(to) - Number(from) + 1 }, (_, i) => String(Number(from) + i).padStart(2, '0'));
  });
}

describe('regions (DOMAIN.md §1, §10)', () => {
  it('has the 89 subjects with unique two-digit codes', () => {
    expect(ref.regions.size).toBe(89);
    const text = readFileSync(join(resolveReferenceDir(), 'regions.csv'), 'utf8');
    const codes = text.trim().split('\n').slice(1).map((l) => l.split(';')[0]);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.length).toBe(89);
    for (const code of ref.regions.keys()) expect(code).toMatch(/^\d{2}$/);
  });

  it('assigns every DOMAIN.md §10 region its zone, and §10 covers all 89', () => {
    const assigned = new Map<string, string>();
    for (const [zone, list] of Object.entries(DOMAIN_10)) for (const code of expand(list)) assigned.set(code, zone);
    expect(assigned.size).toBe(89);
    for (const [code, zone] of assigned) expect({ code, zone: ref.regions.get(code)?.timeZone }).toEqual({ code, zone });
  });

  it('every zone is valid for Intl.DateTimeFormat and spans UTC+2 … UTC+12', () => {
    const offsets = new Set<string>();
    for (const r of ref.regions.values()) {
      const f = new Intl.DateTimeFormat('en-US', { timeZone: r.timeZone, timeZoneName: 'shortOffset' });
      offsets.add(f.formatToParts(new Date('2026-01-15T00:00:00Z')).find((p) => p.type === 'timeZoneName')!.value);
    }
    expect([...offsets].sort()).toEqual(['GMT+10', 'GMT+11', 'GMT+12', 'GMT+2', 'GMT+3', 'GMT+4', 'GMT+5', 'GMT+6', 'GMT+7', 'GMT+8', 'GMT+9']);
  });

  it('names the conventional regions in Russian', () => {
    expect(ref.regions.get('77')?.name).toBe('г. Москва');
    expect(ref.regions.get('23')?.name).toBe('Краснодарский край');
    expect(ref.regions.get('41')?.name).toBe('Камчатский край');
    expect(ref.regions.get('92')?.name).toBe('г. Севастополь');
    for (const [code, name] of Object.entries(NEW_REGIONS)) expect(ref.regions.get(code)?.name).toBe(name);
  });
});

describe('MO and SMO demo registries', () => {
  const mos = [...ref.mos.values()];
  const smos = [...ref.smos.values()];

  it('has the demo regions with enough MOs, each code = region + 4 digits', () => {
    const count = (r: string): number => mos.filter((m) => m.region === r).length;
    expect(count('77')).toBeGreaterThanOrEqual(60);
    expect(count('23')).toBeGreaterThanOrEqual(40);
    expect(count('39')).toBeGreaterThanOrEqual(15);
    expect(count('54')).toBeGreaterThanOrEqual(20);
    expect(count('41')).toBeGreaterThanOrEqual(8);
    for (const m of mos) {
      expect(m.code).toMatch(/^\d{6}$/);
      expect(m.code.slice(0, 2)).toBe(m.region);
      expect(m.name).toMatch(/^(ГБУЗ|ФГБУ|ЧУЗ|ООО)/);
    }
  });

  it('mixes §263/§264 duties: every demo region has primary care, day hospital and inpatient MOs', () => {
    for (const r of ['77', '23', '39', '54', '41']) {
      const own = mos.filter((m) => m.region === r);
      expect(own.some((m) => m.primaryCare)).toBe(true);
      expect(own.some((m) => m.dayHospital)).toBe(true);
      expect(own.some((m) => m.specializedInpatient)).toBe(true);
      expect(own.some((m) => !m.primaryCare)).toBe(true);
    }
  });

  it('has 3–5 SMOs per demo region, code = region + 3 digits', () => {
    for (const r of ['77', '23', '39', '54', '41']) {
      const n = smos.filter((s) => s.region === r).length;
      expect(n).toBeGreaterThanOrEqual(3);
      expect(n).toBeLessThanOrEqual(5);
    }
    for (const s of smos) expect(s.code).toMatch(new RegExp(`^${s.region}\\d{3}$`));
    expect(ref.smos.get('77008')?.name).toContain('СОГАЗ-Мед');
  });
});

describe('ICD-10', () => {
  it('recognizes well-formed codes only', () => {
    for (const ok of ['I11.9', 'I11', 'E11.65', 'U07.1', 'i11.9', ' J45 ']) expect(isIcd10(ok)).toBe(true);
    for (const bad of ['Е11.9' /* Cyrillic */, 'I1', 'I119', '11.9', 'I11.', 'I11.123', 'II1.9', '']) expect(isIcd10(bad)).toBe(false);
  });

  it('matches chronic diseases by prefix of the listed ranges', () => {
    const yes = ['I10', 'I11.9', 'I15.0', 'I20.8', 'I25.1', 'I48', 'I48.0', 'I50.9', 'I69.3', 'E10.9', 'E14', 'J44.9', 'J45.0', 'J47', 'N18.3', 'C00.0', 'C97', 'K86.1', 'k86.1'];
    const no = ['I16', 'I00', 'I26.9', 'J06.9', 'J46', 'E15', 'N19', 'C98', 'D10.1', 'K86', 'K86.0', 'U07.1', 'Е11.9', 'garbage'];
    for (const code of yes) expect({ code, chronic: ref.isChronicDisease(code) }).toEqual({ code, chronic: true });
    for (const code of no) expect({ code, chronic: ref.isChronicDisease(code) }).toEqual({ code, chronic: false });
  });

  it('gives every chronic range a Russian name', () => {
    const ranges = loadChronicRanges();
    expect(ranges.length).toBeGreaterThan(15);
    for (const r of ranges) expect(r.name).toMatch(/[А-Яа-я]/);
  });
});

describe('campaigns', () => {
  it('ships the reference campaign of seed 000 and a current demo one', () => {
    const campaigns = loadCampaigns();
    expect(campaigns.find((c) => c.id === 'ud-2021')).toEqual({
      id: 'ud-2021',
      name: 'Углубленная диспансеризация 2021',
      referenceDate: '2021-06-15',
      active: true,
      // Seed 000, stages 2 and 3: x.1 formed, x.2–x.3 returned by, x.4 registry by, x.5 checked by.
      plan: {
        examWindow: { from: '2021-06-22', to: '2021-12-31' },
        batches: {
          '12': { formOn: '2021-06-15', returnBy: '2021-06-19', registryBy: '2021-06-20', checkBy: '2021-06-21' },
          '34': { formOn: '2021-06-21', returnBy: '2021-06-25', registryBy: '2021-06-27', checkBy: '2021-06-28' },
        },
      },
    });
    expect(campaigns.find((c) => c.id === 'ud-2026')).toMatchObject({ referenceDate: '2026-12-01', active: true });
  });

  it('rejects a plan whose batch dates run backwards or whose window is empty, naming the field', () => {
    const base = { id: 'a', name: 'x', referenceDate: '2021-06-15', active: true };
    const batch = { formOn: '2021-06-15', returnBy: '2021-06-19', registryBy: '2021-06-20', checkBy: '2021-06-21' };
    const plan = { examWindow: { from: '2021-06-22', to: '2021-12-31' }, batches: { '12': batch, '34': batch } };
    expect(parseCampaigns([{ ...base, plan }])[0]!.plan).toEqual(plan);
    expect(() => parseCampaigns([{ ...base, plan: { ...plan, batches: { ...plan.batches, '34': { ...batch, returnBy: '2021-06-14' } } } }])).toThrow(/batches\.34.*не по порядку/);
    expect(() => parseCampaigns([{ ...base, plan: { ...plan, examWindow: { from: '2021-12-31', to: '2021-06-22' } } }])).toThrow(/examWindow.*пусто/);
    expect(() => parseCampaigns([{ ...base, plan: { ...plan, examWindow: { from: '22.06.2021', to: '2021-12-31' } } }])).toThrow(/examWindow\.from/);
  });

  it('rejects malformed or repeated campaigns', () => {
    expect(() => parseCampaigns([{ id: 'a', name: 'x', referenceDate: '15.06.2021', active: true }])).toThrow(/№ 1/);
    const c = { id: 'a', name: 'x', referenceDate: '2021-06-15', active: true };
    expect(() => parseCampaigns([c, c])).toThrow(/повторяется/);
  });
});

describe('loading', () => {
  const saved = process.env[REFERENCE_DIR_ENV];
  afterEach(() => {
    if (saved === undefined) delete process.env[REFERENCE_DIR_ENV];
    else process.env[REFERENCE_DIR_ENV] = saved;
  });

  it('caches: a second call returns the same object', () => {
    expect(loadReferenceData()).toBe(ref);
    expect(ref.version).toBe(readManifest(resolveReferenceDir()).version);
  });

  it('loads a newer copy from OMS_REFERENCE_DIR without code changes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'oms-ref-'));
    cpSync(resolveReferenceDir(), dir, { recursive: true });
    const manifest = readManifest(dir);
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ ...manifest, version: '2099.1' }));
    writeFileSync(join(dir, 'smo.csv'), readFileSync(join(dir, 'smo.csv'), 'utf8') + '77099;77;ООО "Новая СМО" — Московский филиал\n');
    process.env[REFERENCE_DIR_ENV] = dir;
    const newer = loadReferenceData();
    expect(newer.version).toBe('2099.1');
    expect(newer.smos.get('77099')?.name).toContain('Новая СМО');
    expect(ref.smos.has('77099')).toBe(false);
  });

  it('refuses inconsistent data with a message naming the file', () => {
    const dir = resolveReferenceDir();
    const manifest = readManifest(dir);
    const texts: ReferenceTexts = {
      manifest,
      regions: readFileSync(join(dir, manifest.files.regions), 'utf8'),
      mos: readFileSync(join(dir, manifest.files.mos), 'utf8'),
      smos: readFileSync(join(dir, manifest.files.smos), 'utf8'),
      chronicIcd10: readFileSync(join(dir, manifest.files.chronicIcd10), 'utf8'),
      bedProfiles: readFileSync(join(dir, manifest.files.bedProfiles), 'utf8'),
      hospitalizationReasons: readFileSync(join(dir, manifest.files.hospitalizationReasons), 'utf8'),
    };
    expect(() => parseReferenceData(texts)).not.toThrow();
    expect(() => parseReferenceData({ ...texts, regions: texts.regions + '77;Дубль;Europe/Moscow\n' })).toThrow(/regions\.csv: код 77 повторяется/);
    expect(() => parseReferenceData({ ...texts, regions: texts.regions + '99;Марс;Mars/Olympus\n' })).toThrow(/часовой пояс/);
    expect(() => parseReferenceData({ ...texts, mos: texts.mos + '231999;77;ГБУЗ "Чужая";1;0;0\n' })).toThrow(/mo\.csv/);
    expect(() => parseReferenceData({ ...texts, mos: texts.mos + '771999;77;ГБУЗ "Х";да;0;0\n' })).toThrow(/0\/1/);
    expect(() => parseReferenceData({ ...texts, chronicIcd10: texts.chronicIcd10 + 'I99;I10;Обратный диапазон\n' })).toThrow(/диапазон/);
    expect(() => parseReferenceData({ ...texts, bedProfiles: texts.bedProfiles + '19;Дубль\n' })).toThrow(/bed-profiles\.csv: код 19 повторяется/);
    expect(() => parseReferenceData({ ...texts, hospitalizationReasons: texts.hospitalizationReasons + '1;Без нуля\n' })).toThrow(/hospitalization-reasons\.csv/);
    const ref = parseReferenceData(texts);
    expect(ref.bedProfiles.get('19')?.name).toBe('Кардиологические для взрослых');
    expect(ref.hospitalizationReasons.get('01')?.name).toBe('Нет медицинских показаний к госпитализации');
  });
});
