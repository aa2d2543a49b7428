import { describe, expect, it } from 'vitest';
import { countDecision, emptyStats, mergeStats } from '../../../shared/domain/group-stats.js';
import type { GroupDecision } from '../../../shared/domain/groups.js';

const g = (group: 1 | 2 | 3 | 4): GroupDecision => ({ eligible: true, group, code: `G${group}`, reason: '' });
const x = (exclusion: string): GroupDecision => ({ eligible: false, exclusion, reason: '' }) as GroupDecision;

describe('group stats', () => {
  it('counts groups per MO and SMO and exclusions by reason', () => {
    const s = emptyStats();
    countDecision(s, { mo: '770001', smo: '77001' }, g(1));
    countDecision(s, { mo: '770001', smo: '77002' }, g(3));
    countDecision(s, { mo: '770002', smo: '77001' }, g(3));
    countDecision(s, { mo: '770002', smo: '77001' }, x('DIED'));
    expect(s).toEqual({
      persons: 4,
      eligible: 3,
      byGroup: { '1': 1, '2': 0, '3': 2, '4': 0 },
      byMo: { '770001': [1, 0, 1, 0], '770002': [0, 0, 1, 0] },
      bySmo: { '77001': [1, 0, 1, 0], '77002': [0, 0, 1, 0] },
      exclusions: { DIED: 1 },
    });
  });

  it('merges shard stats by adding every count', () => {
    const a = emptyStats();
    const b = emptyStats();
    countDecision(a, { mo: 'm', smo: 's' }, g(2));
    countDecision(b, { mo: 'm', smo: 't' }, g(2));
    countDecision(b, { mo: 'm', smo: 't' }, x('UNDER_18'));
    const merged = mergeStats(emptyStats(), a);
    mergeStats(merged, b);
    expect(merged.byMo).toEqual({ m: [0, 2, 0, 0] });
    expect(merged.bySmo).toEqual({ s: [0, 1, 0, 0], t: [0, 1, 0, 0] });
    expect(merged.exclusions).toEqual({ UNDER_18: 1 });
    expect(merged.persons).toBe(3);
  });
});
