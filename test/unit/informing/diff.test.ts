import { describe, expect, it } from 'vitest';
import { noChanges, VersionDiff, type CurrentEntry, type Dated } from '../../../shared/informing/diff.js';

const row = (mo: string, enp: string, date: string, time?: string): Dated => ({ mo, enp, date, ...(time ? { time } : {}) });
const entry = (r: Dated): CurrentEntry<Dated> => ({ mo: r.mo, enp: r.enp, row: r, mark: 'запланирован' });
const without = (mo: string, enp: string, mark: string): CurrentEntry<Dated> => ({ mo, enp, mark });

async function* iterate<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}

async function run(previous: Dated[] | undefined, current: Array<CurrentEntry<Dated>>) {
  const diff = new VersionDiff<Dated>(previous ? iterate(previous) : undefined);
  const changes = [];
  for (const e of current) changes.push(...(await diff.push(e)));
  changes.push(...(await diff.finish()));
  return { changes, counts: diff.counts };
}

describe('informing version diff (streaming merge join)', () => {
  it('a first version has no changes', async () => {
    const { changes, counts } = await run(undefined, [entry(row('390001', '1', '2026-12-10'))]);
    expect(changes).toEqual([]);
    expect(noChanges(counts)).toBe(true);
  });

  it('finds added, removed (with the MO’s отметка when there is one), date or time changed and unchanged persons', async () => {
    const previous = [
      row('390001', '1000', '2026-12-10', '09:00'),
      row('390001', '1001', '2026-12-10', '09:30'), // refused now
      row('390001', '1002', '2026-12-11'), // time added now
      row('390002', '2000', '2026-12-12', '10:00'), // gone from the SMO's registry
      row('390002', '2001', '2026-12-13', '10:00'), // unchanged
      row('390003', '3000', '2026-12-14'), // last of the previous version, gone
    ];
    const current = [
      entry(row('390001', '0999', '2026-12-09')), // new, before every previous row
      entry(row('390001', '1000', '2026-12-10', '09:00')),
      without('390001', '1001', 'отказ'),
      entry(row('390001', '1002', '2026-12-11', '11:00')),
      entry(row('390002', '2001', '2026-12-13', '10:00')),
      entry(row('390002', '2002', '2026-12-20')),
    ];
    const { changes, counts } = await run(previous, current);
    expect(changes.map((c) => [c.kind, c.row.enp, c.kind === 'removed' ? (c.reason ?? null) : null])).toEqual([
      ['added', '0999', null],
      ['removed', '1001', 'отказ'],
      ['date-changed', '1002', null],
      ['removed', '2000', null],
      ['added', '2002', null],
      ['removed', '3000', null],
    ]);
    expect(changes[2]).toMatchObject({ previous: { enp: '1002', date: '2026-12-11' }, row: { time: '11:00' } });
    expect(changes[2]!.kind === 'date-changed' && changes[2]!.previous.time).toBeUndefined();
    expect(counts).toEqual({ added: 2, removed: 3, dateChanged: 1, unchanged: 2 });
  });

  it('the same rows again: no changes', async () => {
    const rows = [row('390001', '1', '2026-12-10'), row('390001', '2', '2026-12-11', '12:00')];
    const { counts } = await run(rows, [...rows.map(entry), without('390001', '3', 'умер')]);
    expect(counts).toEqual({ added: 0, removed: 0, dateChanged: 0, unchanged: 2 });
    expect(noChanges(counts)).toBe(true);
  });

  it('a person that moved to another MO reads as removed and added', async () => {
    const { counts } = await run([row('390001', '5', '2026-12-10')], [entry(row('390002', '5', '2026-12-10'))]);
    expect(counts).toMatchObject({ added: 1, removed: 1 });
  });

  it('refuses entries or previous rows out of order (the merge would be wrong)', async () => {
    await expect(run(undefined, [entry(row('390002', '1', '2026-12-10')), entry(row('390001', '2', '2026-12-10'))])).rejects.toThrow(/out of order/);
    await expect(run([row('390002', '1', '2026-12-10'), row('390001', '2', '2026-12-10')], [entry(row('390003', '1', '2026-12-10'))])).rejects.toThrow(/previous rows out of order/);
  });
});
