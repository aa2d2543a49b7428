import { describe, expect, it } from 'vitest';
import { makeInformingCodes, loadInformingCodes, parseChannels, parseOutcomes } from '../../../shared/informing/result-codes.js';
import { newUploadId, parseResultsKey, reportKey, resultsUploadKey } from '../../../shared/informing/result-keys.js';
import { computeSmoBatchStats, figuresOf, allGroups, byGroup, joinByPerson, type KeyedPlan, type KeyedResult } from '../../../shared/informing/targets.js';
import { KeyRuns } from '../../../shared/informing/key-runs.js';

async function* from<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}

const codes = loadInformingCodes();
const plan = (n: number, group: number, date: string | undefined = '2021-07-10'): KeyedPlan => ({ key: `41#410001#${String(n).padStart(16, '0')}`, enp: String(n).padStart(16, '0'), group, date });
const day = (n: number, date: string, channel: string, result: string): KeyedResult => ({ key: plan(n, 1).key, date, channel, result });

describe('informing code lists (НСИ data)', () => {
  it('ship the seven individual channels of DOMAIN.md §3.7 and four results, one of them «informed»', () => {
    expect(codes.channels.map((c) => c.code)).toEqual(['01', '02', '03', '04', '06', '07', '11']);
    expect(codes.channels.every((c) => c.individual)).toBe(true);
    expect(codes.results.filter((r) => r.informed).map((r) => r.name)).toEqual(['Проинформирован']);
  });

  it('match codes by value (Excel turns 01 into 1) and count only informed by an individual channel', () => {
    expect(codes.channel('1')?.code).toBe('01');
    expect(codes.channel(' 11 ')?.code).toBe('11');
    expect(codes.channel('05')).toBeUndefined();
    expect(codes.channel('SMS')).toBeUndefined();
    expect(codes.result('01')?.code).toBe('1');
    expect(codes.countsAsInformed('03', '1')).toBe(true);
    expect(codes.countsAsInformed('03', '2')).toBe(false);
    const mass = makeInformingCodes([...parseChannels('CODE;NAME;INDIVIDUAL\n01;SMS;1\n05;Стенд;0\n')], parseOutcomes('CODE;NAME;INFORMED\n1;Да;1\n'));
    expect(mass.countsAsInformed('05', '1')).toBe(false);
  });

  it('refuse inconsistent lists in Russian', () => {
    expect(() => parseChannels('CODE;NAME\n01;SMS\n')).toThrow(/заголовок/);
    expect(() => parseChannels('CODE;NAME;INDIVIDUAL\n01;SMS;1\n01;Ещё;1\n')).toThrow(/повторяется/);
    expect(() => parseOutcomes('CODE;NAME;INFORMED\n1;Да;да\n')).toThrow(/не 0\/1/);
  });
});

describe('results keys (DOMAIN.md §9)', () => {
  it('put an upload under the SMO’s inbox folder and parse it back; other keys are not results', () => {
    const id = newUploadId(new Date('2026-11-24T10:15:00.123Z'), '0a1b2c3d');
    expect(id).toBe('ir-20261124T101500Z-0a1b2c3d');
    const key = resultsUploadKey('41001', 'ud-2021', id, 'csv');
    expect(key).toBe('41/smo/41001/results/ud-2021/ir-20261124T101500Z-0a1b2c3d.csv');
    expect(parseResultsKey(key)).toEqual({ region: '41', smo: '41001', campaignId: 'ud-2021', prefix: '41/smo/41001/results/ud-2021', name: `${id}.csv` });
    expect(parseResultsKey('41/smo/23001/results/ud-2021/ir-20261124T101500Z-0a1b2c3d.csv')).toBeUndefined();
    expect(parseResultsKey('41/smo/41001/results/ud-2021/any.csv')).toBeUndefined();
    expect(reportKey({ kind: 'smo', smo: '41001' }, 'ud-2021', 'r1')).toBe('41/smo/41001/informing-reports/ud-2021/r1.xlsx');
    expect(reportKey({ kind: 'region', region: '41' }, 'ud-2021', 'r1')).toBe('41/tfoms/informing-reports/ud-2021/r1.xlsx');
    expect(reportKey({ kind: 'federal' }, 'ud-2021', 'r1')).toBe('federal/informing-reports/ud-2021/r1.xlsx');
  });
});

describe('targets (seed 002: share informed individually, by group, cumulative by date)', () => {
  it('join persons with their days in one ordered pass; days of unknown persons are counted apart', async () => {
    const orphans: KeyedResult[] = [];
    const joined = [];
    for await (const j of joinByPerson(from([plan(2, 1), plan(4, 1)]), from([day(1, '2021-07-01', '01', '1'), day(2, '2021-07-03', '01', '2'), day(2, '2021-07-02', '01', '1'), day(5, '2021-07-01', '01', '1')]), (r) => orphans.push(r))) {
      joined.push([j.plan.enp.slice(-1), j.results.map((r) => r.date)]);
    }
    expect(joined).toEqual([
      ['2', ['2021-07-02', '2021-07-03']],
      ['4', []],
    ]);
    expect(orphans.map((o) => o.key.slice(-1))).toEqual(['1', '5']);
  });

  it('count a person from the first day informed individually; the rest by the latest attempt; persons without a date are outside', async () => {
    const plans = [plan(1, 1), plan(2, 1), plan(3, 2), plan(4, 2), { ...plan(5, 2), date: undefined }];
    const days = [
      day(1, '2021-07-01', '03', '2'),
      day(1, '2021-07-03', '01', '1'),
      day(1, '2021-07-05', '02', '1'),
      day(2, '2021-07-02', '03', '4'),
      day(3, '2021-07-01', '11', '1'),
      day(5, '2021-07-01', '01', '1'),
    ];
    const stats = await computeSmoBatchStats(from(plans), from(days), codes);
    expect(stats).toEqual({
      groups: {
        '1': { persons: 2, informedOn: { '2021-07-03': 1 }, byChannel: { '01': 1 }, open: { '4': 1 } },
        '2': { persons: 2, informedOn: { '2021-07-01': 1 }, byChannel: { '11': 1 }, open: { none: 1 } },
      },
      results: 5,
      outside: 1,
    });
    const total = figuresOf(allGroups([stats]));
    expect(total).toMatchObject({ persons: 4, informed: 2, notInformed: 2, share: 0.5, notInformedByLastResult: { '4': 1, none: 1 } });
    expect(total.series).toEqual([
      { date: '2021-07-01', informed: 1, share: 0.25 },
      { date: '2021-07-02', informed: 1, share: 0.25 },
      { date: '2021-07-03', informed: 2, share: 0.5 },
    ]);
    // Two SMOs' figures sum by group.
    const groups = byGroup([stats, stats]);
    expect(groups['1']).toMatchObject({ persons: 4, informed: 2, share: 0.5 });
    expect(figuresOf([])).toMatchObject({ persons: 0, informed: 0, share: null, series: [] });
  });
});

describe('duplicate keys of a file (memory: one run)', () => {
  it('spill sorted runs and find every later row of a person and day, naming the first', async () => {
    const spilled: string[][] = [];
    const runs = new KeyRuns(async (index, lines) => {
      spilled[index] = [...lines];
      return async () => from(spilled[index]!);
    }, 3);
    const [a, b, c, d] = ['4100000000000001', '4100000000000002', '4112345678000003', '7799999999999999'];
    const rows: Array<[string, string, number]> = [
      [b, '2021-07-01', 2],
      [a, '2021-07-01', 3],
      [c, '2021-07-01', 4],
      [a, '2021-07-01', 5],
      [d, '2021-07-01', 6],
      [b, '2021-07-01', 7],
      [a, '2021-07-01', 8],
      [a, '2021-07-02', 9],
    ];
    for (const [enp, date, line] of rows) await runs.add(enp, date, line);
    expect(spilled.length).toBe(2);
    // Fixed-width entries (ЕНП, YYYYMMDD, row) sort by person, day and row.
    expect(spilled[0]).toEqual([`${a}202107010000000003`, `${b}202107010000000002`, `${c}202107010000000004`]);
    const found = (await runs.duplicates()).map((d) => [d.line, d.firstLine]).sort((x, y) => x[0]! - y[0]!);
    expect(found).toEqual([
      [5, 3],
      [7, 2],
      [8, 3],
    ]);
  });
});
