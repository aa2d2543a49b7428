import { describe, expect, it } from 'vitest';
import { deadlineInstant } from '../../../shared/calendar/production-calendar.js';
import { campaignObligationId, type Obligation, type PartyRef, type Violation } from '../../../shared/obligations/model.js';
import { regionProgress } from '../../../shared/obligations/progress.js';
import { parseSchedule, resolveDueDays, type CampaignSchedule } from '../../../shared/obligations/schedule.js';
import type { Region } from '../../../shared/reference/types.js';

const KALININGRAD: Region = { code: '39', name: 'Калининградская область', timeZone: 'Europe/Kaliningrad' };
const KAMCHATKA: Region = { code: '41', name: 'Камчатский край', timeZone: 'Asia/Kamchatka' };

const parsed = parseSchedule({
  campaignId: 'c1',
  steps: [
    { step: '1.1', title: 'без срока', party: 'TFOMS', metBy: 'confirmation' },
    { step: '1.3', title: 'пользователи ТФОМС', party: 'FOMS', metBy: 'tfoms-users', due: { date: '2026-12-01' } },
    { step: '2.1', title: 'перечень', party: 'TFOMS', metBy: 'files-formed', due: { date: '2026-12-02' } },
    { step: '2.2', title: 'файлы МО', party: 'MO', metBy: 'mo-file-returned', due: { date: '2026-12-05' } },
    { step: '2.3', title: 'загрузка', party: 'TFOMS', metBy: 'returns-loaded', due: { date: '2026-12-06', time: '18:00' } },
    { step: '4.3', title: 'информирование', party: 'SMO', metBy: 'smo-informing-started', due: { date: '2026-12-20' } },
  ],
});
if (!parsed.ok) throw new Error(parsed.errors.join('; '));
const schedule: CampaignSchedule = parsed.schedule;
const days = resolveDueDays(schedule, undefined);

function ob(step: string, party: PartyRef, region: Region, state: Obligation['state'], metAt?: string): Obligation {
  const day = days.get(step)!;
  return {
    id: campaignObligationId('c1', step, region.code, party),
    kind: 'campaign-step',
    region: region.code,
    timeZone: region.timeZone,
    party,
    title: step,
    metBy: 'confirmation',
    campaignId: 'c1',
    step,
    dueDate: day.date,
    dueTime: day.time,
    dueAt: deadlineInstant(day.date, day.time, region.timeZone),
    state,
    ...(metAt ? { metAt } : {}),
    version: 1,
  };
}

function violation(step: string, party: PartyRef, region: Region, evidence: string, resolvedAt?: string): Violation {
  const o = ob(step, party, region, 'OVERDUE');
  return { obligationId: o.id, region: region.code, party, title: step, dueAt: o.dueAt, dueLabel: '', detectedAt: o.dueAt, evidence, notified: [], ...(resolvedAt ? { resolvedAt } : {}) };
}

const byStep = (p: ReturnType<typeof regionProgress>) => Object.fromEntries(p.steps.map((s) => [s.step, s]));

describe('a region’s progress through the campaign schedule', () => {
  it('reads the funds’ own steps from their obligations and dates each deadline on the region’s clock', () => {
    const own = [
      ob('1.3', { type: 'FOMS', code: 'FOMS' }, KALININGRAD, 'MET', '2026-11-30T10:00:00.000Z'),
      ob('2.1', { type: 'TFOMS', code: '39' }, KALININGRAD, 'MET_LATE', '2026-12-03T08:00:00.000Z'),
      // Another region's TFOMS step of the same number is not this region's.
      ob('2.3', { type: 'TFOMS', code: '41' }, KAMCHATKA, 'MET', '2026-12-06T01:00:00.000Z'),
    ];
    const p = byStep(regionProgress(schedule, days, KALININGRAD, own, [], new Date('2026-12-04T00:00:00Z')));
    expect(Object.keys(p)).toEqual(['1.3', '2.1', '2.2', '2.3', '4.3']); // 1.1 has no deadline
    expect(p['1.3']).toMatchObject({ state: 'MET', metAt: '2026-11-30T10:00:00.000Z', party: 'FOMS' });
    expect(p['2.1']).toMatchObject({ state: 'MET_LATE', metAt: '2026-12-03T08:00:00.000Z' });
    expect(p['2.3']).toMatchObject({ state: 'OPEN', dueDate: '2026-12-06', dueTime: '18:00', dueAt: '2026-12-06T16:00:00.000Z' });
    const kamchatka = byStep(regionProgress(schedule, days, KAMCHATKA, own, [], new Date('2026-12-04T00:00:00Z')));
    expect(kamchatka['2.3']).toMatchObject({ state: 'MET', dueAt: '2026-12-06T06:00:00.000Z' });
  });

  it('a fund’s open step past its deadline is overdue even before the clock’s next run', () => {
    const own = [ob('2.1', { type: 'TFOMS', code: '39' }, KALININGRAD, 'OPEN')];
    const before = byStep(regionProgress(schedule, days, KALININGRAD, own, [], new Date('2026-12-02T21:59:00Z')));
    const after = byStep(regionProgress(schedule, days, KALININGRAD, own, [], new Date('2026-12-02T22:00:00Z')));
    expect(before['2.1']!.state).toBe('OPEN');
    expect(after['2.1']!.state).toBe('OVERDUE');
  });

  it('tells the MOs’ and SMOs’ steps from the deadline and the violations of the parties that missed it', () => {
    const mo = (code: string): PartyRef => ({ type: 'MO', code });
    const violations = [
      violation('2.2', mo('390001'), KALININGRAD, 'МО 390001 не вернула файл'),
      violation('2.2', mo('390002'), KALININGRAD, 'МО 390002 вернула файл с опозданием', '2026-12-07T09:00:00.000Z'),
    ];
    const now = new Date('2026-12-08T00:00:00Z');
    const p = regionProgress(schedule, days, KALININGRAD, [], violations, now);
    expect(byStep(p)['2.2']).toMatchObject({ state: 'OVERDUE', overdue: 1, late: 1, evidence: 'МО 390001 не вернула файл' });
    expect(byStep(p)['4.3']).toMatchObject({ state: 'OPEN', overdue: 0, late: 0 });
    // Only the late one left: done late, when the last party did it.
    const resolved = regionProgress(schedule, days, KALININGRAD, [], violations.slice(1), now);
    expect(byStep(resolved)['2.2']).toMatchObject({ state: 'MET_LATE', metAt: '2026-12-07T09:00:00.000Z', late: 1 });
    // Past the deadline with nobody in violation: every MO did it in time.
    const tfoms = [ob('4.3', { type: 'TFOMS', code: '39' }, KALININGRAD, 'OPEN')];
    expect(byStep(regionProgress(schedule, days, KALININGRAD, tfoms, [], now))['2.2']!.state).toBe('MET');
    // 1.3, 2.1 and 2.3 have no obligation and are past due: overdue too.
    expect(p.counts).toEqual({ OPEN: 1, MET: 0, MET_LATE: 0, OVERDUE: 4, CANCELLED: 0, UNPLANNED: 0 });
  });

  it('a region where nothing was planned says so, rather than overdue or met on no evidence', () => {
    const foms = [ob('1.3', { type: 'FOMS', code: 'FOMS' }, KALININGRAD, 'OPEN')];
    const p = regionProgress(schedule, days, KALININGRAD, foms, [], new Date('2027-01-01T00:00:00Z'));
    expect(p.planned).toBe(false);
    expect(p.steps.map((s) => s.state)).toEqual(['UNPLANNED', 'UNPLANNED', 'UNPLANNED', 'UNPLANNED', 'UNPLANNED']);
    expect(regionProgress(schedule, days, KALININGRAD, [ob('2.1', { type: 'TFOMS', code: '39' }, KALININGRAD, 'OPEN')], [], new Date()).planned).toBe(true);
  });
});
