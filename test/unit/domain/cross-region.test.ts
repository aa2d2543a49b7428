import { describe, expect, it } from 'vitest';
import { claimReason, conflictDecision, decidingClaim } from '../../../shared/domain/cross-region.js';
import type { InsuredPerson } from '../../../shared/domain/records.js';

const row = (over: Partial<InsuredPerson> = {}): InsuredPerson => ({
  enp: '7756410834000012',
  fam: 'Иванов',
  im: 'Иван',
  w: 1,
  dr: '1985-03-15',
  mo: '231001',
  smo: '23001',
  dsChronic: [],
  ...over,
});

describe('persons in two regions: the reason of a claim', () => {
  it('is MOVED when the claimant shows a later visit than the holder, or the holder shows none', () => {
    expect(claimReason({ lastVisit: '2025-01-10' }, { lastVisit: '2026-02-01' })).toBe('MOVED');
    expect(claimReason({}, { lastVisit: '2026-02-01' })).toBe('MOVED');
  });

  it('is DUPLICATE when nothing shows the claimant is more recent: same, earlier or no visit', () => {
    expect(claimReason({ lastVisit: '2026-02-01' }, { lastVisit: '2026-02-01' })).toBe('DUPLICATE');
    expect(claimReason({ lastVisit: '2026-02-01' }, { lastVisit: '2025-02-01' })).toBe('DUPLICATE');
    expect(claimReason({ lastVisit: '2026-02-01' }, {})).toBe('DUPLICATE');
    expect(claimReason({}, {})).toBe('DUPLICATE');
  });

  it('excludes the holder’s person with the reason, naming both regions and their visits, in Russian', () => {
    const held = { mo: '771001', smo: '77008', lastVisit: '2025-01-10', src: 's' };
    const moved = conflictDecision({ claimant: '23', holder: '77', reason: 'MOVED', row: row({ lastVisit: '2026-02-01' }), held });
    expect(moved).toEqual({
      eligible: false,
      exclusion: 'MOVED',
      reason:
        'ЕНП есть и в выгрузке другого субъекта с более поздним обращением — сменил место страхования: регион 23 (МО 231001, СМО 23001, последнее обращение 01.02.2026); ' +
        'в регионе 77: последнее обращение 10.01.2025. До решения ФОМС лицо не включается в списки ни одного из регионов',
    });
    const duplicate = conflictDecision({ claimant: '23', holder: '77', reason: 'DUPLICATE', row: row(), held: { ...held, lastVisit: undefined } });
    expect(duplicate).toMatchObject({ eligible: false, exclusion: 'DUPLICATE' });
    expect(duplicate.eligible === false && duplicate.reason).toContain('дублирующая запись: регион 23 (МО 231001, СМО 23001, обращений нет); в регионе 77: обращений нет');
  });

  it('lets the lowest claimant code decide when several regions claim one person, whatever the order read', () => {
    expect(decidingClaim([{ claimant: '50' }, { claimant: '23' }, { claimant: '39' }])).toEqual({ claimant: '23' });
    expect(decidingClaim([])).toBeUndefined();
  });
});
