import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { parseInject } from '../../../infra/local/gen.js';
import { assignPriorityGroup } from '../../../shared/domain/groups.js';
import { checkCovidHeader, makeCovidRowValidator } from '../../../shared/flk/covid.js';
import { checkInsuredHeader, makeInsuredRowValidator } from '../../../shared/flk/insured.js';
import { checkEnp, enpMatchesBirth, makeEnp } from '../../../shared/identifiers/enp.js';
import { checkSnils, normalizeSnils } from '../../../shared/identifiers/snils.js';
import { loadCampaigns, loadReferenceData } from '../../../shared/reference/load.js';
import { civil, dayNumber, isoOfDay } from '../../../infra/local/testdata/days.js';
import {
  COVID_COLUMNS,
  INJECTABLE_ERRORS,
  INJECTION_FLK_CODE,
  INJECTION_SEVERITY,
  INSURED_COLUMNS,
  InsuredFactory,
  fastEnp,
  generateCovid,
  generateInsured,
  injectableOf,
  planInjections,
  type InjectableError,
} from '../../../infra/local/testdata/generator.js';
import { writeInsuredExport } from '../../../infra/local/testdata/insured-bytes.js';
import { fieldsOf, writeExport } from '../../../infra/local/testdata/write.js';

const ref = loadReferenceData();
const TODAY = '2026-11-22';
const ruToIso = (ru: string): string => `${ru.slice(6)}-${ru.slice(3, 5)}-${ru.slice(0, 2)}`;
const tmp = mkdtempSync(join(tmpdir(), 'oms-gen-'));

describe('identifiers of generated rows', () => {
  const rows = [...generateInsured({ region: '77', rows: 5000, seed: 3, ref, today: TODAY })];

  it('every ЕНП is valid, of the region, and matches DR and W; every СНИЛС passes', () => {
    let formatted = 0;
    let plain = 0;
    let empty = 0;
    const bad: string[] = [];
    for (const { fields } of rows) {
      const [enp = '', ss = '', , , , w = '', dr = ''] = fields;
      if (checkEnp(enp) || enp.slice(0, 2) !== '77' || !enpMatchesBirth(enp, ruToIso(dr), Number(w) as 1 | 2)) bad.push(fields.join(';'));
      if (ss === '') empty++;
      else {
        // Above 001-001-998, so the control number is really checked.
        if (checkSnils(ss) || Number(normalizeSnils(ss)!.slice(0, 9)) <= 1_001_998) bad.push(ss);
        if (ss.includes('-')) formatted++;
        else plain++;
      }
    }
    expect(bad).toEqual([]);
    expect(formatted).toBeGreaterThan(1000);
    expect(plain).toBeGreaterThan(1000);
    expect(empty).toBeGreaterThan(200);
  });

  it('fastEnp is digit for digit makeEnp, across the 1950/1951 and 2000/2001 facet boundaries', () => {
    const days = [dayNumber('1950-12-31'), dayNumber('1951-01-01'), dayNumber('2000-12-31'), dayNumber('2001-01-01'), dayNumber('1904-02-29')];
    for (let d = dayNumber('1925-01-01'); d < dayNumber('2026-12-31'); d += 37) days.push(d);
    for (const day of days) {
      const { y, m, d } = civil(day);
      for (const sex of [1, 2] as const) {
        expect(fastEnp('41', y, m, d, sex, day % 100_000)).toBe(makeEnp('41', isoOfDay(day), sex, day % 100_000));
      }
    }
  });

  it('ЕНП and СНИЛС are unique even when the 5-digit counter wraps (250 k rows)', () => {
    const factory = new InsuredFactory({ region: '54', rows: 250_000, seed: 9, ref, today: TODAY });
    const enps = new Set<string>();
    const snils = new Set<number>();
    let withSnils = 0;
    for (let row = 1; row <= 250_000; row++) {
      const r = factory.raw(row); // the drawn values, without formatting names etc. (speed)
      enps.add(factory.enp(r.drDay, r.sex, r.counter));
      if (r.snilsNine >= 0) {
        withSnils++;
        snils.add(r.snilsNine);
      }
    }
    expect(enps.size).toBe(250_000);
    expect(snils.size).toBe(withSnils);
  });
});

describe('realistic distribution', () => {
  const persons = (() => {
    const f = new InsuredFactory({ region: '23', rows: 20_000, seed: 5, ref, today: TODAY });
    return Array.from({ length: 20_000 }, (_, i) => f.person(i + 1));
  })();

  it('has minors, the dead, people without visits or with old visits, and chronic patients', () => {
    const adult = (dr: string): boolean => dr <= '2008-11-22';
    const share = (pred: (p: (typeof persons)[number]) => boolean): number => persons.filter(pred).length / persons.length;
    expect(share((p) => !adult(p.dr))).toBeGreaterThan(0.12);
    expect(share((p) => !adult(p.dr))).toBeLessThan(0.3);
    expect(share((p) => p.dDeath !== undefined)).toBeGreaterThan(0.001);
    expect(share((p) => p.dDeath !== undefined)).toBeLessThan(0.02);
    expect(share((p) => p.lastVisit === undefined)).toBeGreaterThan(0.08);
    expect(share((p) => p.lastVisit !== undefined && p.lastVisit < '2024-11-22')).toBeGreaterThan(0.05);
    expect(share((p) => p.dsChronic.length === 0)).toBeGreaterThan(0.5);
    expect(share((p) => p.dsChronic.filter(ref.isChronicDisease).length >= 2)).toBeGreaterThan(0.05);
    expect(share((p) => p.dsChronic.some((c) => !ref.isChronicDisease(c)))).toBeGreaterThan(0.02);
    expect(share((p) => p.phone === undefined)).toBeGreaterThan(0.1);
    expect(share((p) => p.ot === undefined)).toBeGreaterThan(0.005);
  });

  it('uses only the region’s primary-care MOs and SMOs, and Russian name forms by sex', () => {
    const bad = persons.filter((p) => {
      const mo = ref.mos.get(p.mo);
      return mo?.region !== '23' || !mo.primaryCare || ref.smos.get(p.smo)?.region !== '23' || (p.ot && !p.ot.endsWith(p.w === 1 ? 'ич' : 'на'));
    });
    expect(bad).toEqual([]);
    expect(new Set(persons.map((p) => p.mo)).size).toBeGreaterThan(15);
    const women = persons.filter((p) => p.w === 2 && /(ов|ев|ин)$/.test(p.fam));
    expect(women).toEqual([]);
  });

  it('dates are consistent: visits and deaths after birth, nothing after today', () => {
    const bad = persons.filter(
      (p) =>
        p.dr > TODAY ||
        (p.lastVisit && (p.lastVisit < p.dr || p.lastVisit > TODAY)) ||
        (p.dDeath && (p.dDeath <= p.dr || p.dDeath > TODAY || (p.lastVisit && p.lastVisit > p.dDeath))),
    );
    expect(bad).toEqual([]);
  });
});

describe('injected defects', () => {
  const all = Object.fromEntries(INJECTABLE_ERRORS.map((e) => [e, 3])) as Record<InjectableError, number>;

  it('plans exactly the requested counts on distinct rows, never row 1, duplicates of clean earlier rows', () => {
    const plan = planInjections({ rows: 500, seed: 2, errors: all });
    expect(plan.length).toBe(3 * INJECTABLE_ERRORS.length);
    expect(new Set(plan.map((i) => i.row)).size).toBe(plan.length);
    for (const e of INJECTABLE_ERRORS) expect(plan.filter((i) => i.error === e).length).toBe(3);
    const injected = new Set(plan.map((i) => i.row));
    for (const i of plan) {
      expect(i.row).toBeGreaterThan(1);
      expect(i.line).toBe(i.row + 1);
      if (i.error === 'ENP_DUPLICATE') {
        expect(i.duplicateOf).toBeLessThan(i.row);
        expect(injected.has(i.duplicateOf!)).toBe(false);
      } else expect(i.duplicateOf).toBeUndefined();
    }
    expect(plan.map((i) => i.row)).toEqual([...plan.map((i) => i.row)].sort((a, b) => a - b));
    expect(() => planInjections({ rows: 10, errors: { ENP_LENGTH: 10 } })).toThrow(/Слишком много/);
  });

  it('the ФЛК validator finds exactly the planned finding on each injected row and nothing elsewhere', () => {
    const opts = { region: '39', rows: 3000, seed: 11, ref, today: TODAY, errors: all };
    const factory = new InsuredFactory(opts);
    const header = checkInsuredHeader(INSURED_COLUMNS);
    if (!header.ok) throw new Error('header');
    const validate = makeInsuredRowValidator({ region: '39', ref, today: TODAY, columns: header.columns });
    const byRow = new Map(factory.injections.map((i) => [i.row, i]));
    let row = 0;
    for (const generated of generateInsured(opts)) {
      row++;
      const line = row + 1;
      const { issues, person } = validate(generated.fields, line);
      const inj = byRow.get(row);
      expect(generated.injected).toBe(inj?.error);
      if (!inj) {
        expect({ line, issues }).toEqual({ line, issues: [] });
        expect(person).toEqual(factory.person(row));
        continue;
      }
      if (inj.error === 'ENP_DUPLICATE') {
        // Duplicates are found across the file by the finaliser (R016): here the row is valid and
        // repeats the source person's ЕНП.
        expect(issues).toEqual([]);
        expect(person?.enp).toBe(factory.person(inj.duplicateOf!).enp);
        continue;
      }
      const found = issues.map((i) => ({ line: i.line, code: i.code, field: i.field, severity: i.severity }));
      expect({ row, error: inj.error, found }).toEqual({
        row,
        error: inj.error,
        found: [{ line, code: INJECTION_FLK_CODE[inj.error], field: inj.field ?? '', severity: INJECTION_SEVERITY[inj.error] }],
      });
    }
    expect(row).toBe(3000);
  });

  it('accepts ФЛК codes or names on the command line', () => {
    expect(parseInject('R002=3,ENP_DUPLICATE=2,r016=1,R005=1')).toEqual({ ENP_LENGTH: 3, ENP_DUPLICATE: 3, ENP_FACET_MISMATCH: 1 });
    expect(injectableOf('R018')).toBe('ICD10_MALFORMED');
    expect(() => parseInject('R999=1')).toThrow(/Неизвестная ошибка/);
  });
});

describe('determinism and files', () => {
  const opts = { region: '41', rows: 4000, seed: 42, ref, today: TODAY, errors: { ENP_CHECKSUM: 2, ENP_DUPLICATE: 2, FIELD_TOO_LONG: 1, ICD10_MALFORMED: 1 } };

  it('the same seed gives the same rows; another seed other rows', () => {
    const a = [...generateInsured(opts)].map((r) => r.fields.join(';'));
    const b = [...generateInsured(opts)].map((r) => r.fields.join(';'));
    const c = [...generateInsured({ ...opts, seed: 43 })].map((r) => r.fields.join(';'));
    expect(b).toEqual(a);
    expect(c.filter((line, i) => line === a[i]).length).toBe(0);
  });

  it('round-trips through windows-1251; the byte writer produces the same bytes as writeExport', async () => {
    for (const encoding of ['windows-1251', 'utf-8'] as const) {
      const viaFields = join(tmp, `fields-${encoding}.csv`);
      const viaBytes = join(tmp, `bytes-${encoding}.csv`);
      const written = await writeExport(viaFields, fieldsOf(generateInsured(opts)), INSURED_COLUMNS, encoding, { eol: '\r\n' });
      const fast = await writeInsuredExport(viaBytes, opts, encoding, { eol: '\r\n' });
      expect(fast.bytes).toBe(written.bytes);
      expect(readFileSync(viaBytes).equals(readFileSync(viaFields))).toBe(true);
    }
    const raw = readFileSync(join(tmp, 'bytes-windows-1251.csv'));
    expect(raw.includes(Buffer.from('Иван', 'utf8'))).toBe(false); // really single-byte
    const lines = iconv.decode(raw, 'win1251').split('\r\n');
    expect(lines[0]).toBe(INSURED_COLUMNS.join(';'));
    expect(lines.at(-1)).toBe('');
    const expected = [...generateInsured(opts)].map((r) => r.fields);
    expect(lines.slice(1, -1).map((l) => l.split(';'))).toEqual(expected);
    expect(lines.join('\n')).toMatch(/[А-Яа-яЁё]{3}/);
  });

  it('writes a UTF-8 BOM only when asked', async () => {
    const file = join(tmp, 'bom.csv');
    await writeExport(file, [['a', 'б']], ['X', 'Y'], 'utf-8', { bom: true });
    expect(readFileSync(file, 'utf8')).toBe('\uFEFFX;Y\na;б\n');
  });
});

describe('COVID extract', () => {
  const opts = { region: '77', rows: 6000, seed: 8, ref, today: TODAY, errors: { ENP_LENGTH: 5, MO_UNKNOWN: 5 } };
  const campaigns = loadCampaigns();

  for (const id of ['ud-2021', 'ud-2026']) {
    it(`is consistent with the insured rows and yields groups 1, 2 and COVID_RECENT for ${id}`, () => {
      const campaign = campaigns.find((c) => c.id === id)!;
      const factory = new InsuredFactory(opts);
      const cases = [...generateCovid({ ...opts, referenceDate: campaign.referenceDate })];
      expect(cases.length).toBeGreaterThan(300);
      const header = checkCovidHeader(COVID_COLUMNS);
      if (!header.ok) throw new Error('header');
      const validate = makeCovidRowValidator({ ref, today: TODAY, columns: header.columns });
      const validated = cases.map((c, i) => validate(c.fields, i + 2));
      expect(validated).toEqual(cases.map((c) => ({ issues: [], record: c.record })));
      const byRow = new Map<number, typeof cases>();
      let bySnilsOnly = 0;
      for (const c of cases) {
        expect(factory.injectionAt(c.row)).toBeUndefined();
        const p = factory.person(c.row);
        expect(c.fields).toHaveLength(COVID_COLUMNS.length);
        if (c.record.enp) expect(c.record.enp).toBe(p.enp);
        else {
          bySnilsOnly++;
          expect(c.record.snils).toBe(p.snils);
        }
        expect(c.record.dateRecovery >= '2020-03-15' && c.record.dateRecovery <= TODAY && c.record.dateRecovery >= p.dr).toBe(true);
        expect(['U07.1', 'U07.2']).toContain(c.record.ds);
        byRow.set(c.row, [...(byRow.get(c.row) ?? []), c]);
      }
      expect(bySnilsOnly).toBeGreaterThan(20);
      expect([...byRow.values()].some((list) => list.length > 1)).toBe(true);
      const outcomes = new Set<string>();
      for (const [row, list] of byRow) {
        const d = assignPriorityGroup({ person: factory.person(row), region: '77', covid: list.map((c) => c.record), campaign, isChronic: ref.isChronicDisease });
        outcomes.add(d.eligible ? `G${d.group}` : d.exclusion);
      }
      for (const expected of ['G1', 'G2', 'COVID_RECENT']) expect(outcomes).toContain(expected);
    });
  }

  it('is deterministic', () => {
    const a = [...generateCovid({ ...opts, referenceDate: '2021-06-15' })].map((c) => c.fields.join(';'));
    const b = [...generateCovid({ ...opts, referenceDate: '2021-06-15' })].map((c) => c.fields.join(';'));
    expect(b).toEqual(a);
  });
});
