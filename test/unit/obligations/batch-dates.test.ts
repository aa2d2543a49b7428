import { describe, expect, it } from 'vitest';
import { loadProductionCalendar } from '../../../shared/calendar/load.js';
import { batchDatesOf } from '../../../shared/obligations/batch-dates.js';
import { campaignObligations } from '../../../shared/obligations/plan.js';
import { parseSchedule, type CampaignSchedule } from '../../../shared/obligations/schedule.js';
import { loadCampaigns, loadReferenceData, loadShippedSchedule } from '../../../shared/reference/load.js';

const calendar = loadProductionCalendar();
const ref = loadReferenceData();

function shipped(id: string): CampaignSchedule {
  const parsed = parseSchedule(loadShippedSchedule(id));
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  return parsed.schedule;
}

const withStep = (s: CampaignSchedule, step: string, due: unknown): CampaignSchedule => {
  const parsed = parseSchedule({ ...s, steps: s.steps.map((x) => (x.step === step ? { ...x, due } : x)) });
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  return parsed.schedule;
};

describe('batch dates read from the schedule (one schedule for the work and the obligations)', () => {
  it('seed 000’s schedule dates each batch exactly as campaigns.json does (x.1, x.2, x.4, x.5), for both seed campaigns', () => {
    for (const id of ['ud-2021', 'ud-2026']) {
      const dated = batchDatesOf(shipped(id), ['12', '34'], calendar);
      expect(dated, id).toEqual({ ok: true, batches: loadCampaigns().find((c) => c.id === id)!.plan!.batches });
    }
    expect(batchDatesOf(shipped('ud-2021'), ['12'], calendar)).toEqual({
      ok: true,
      batches: { '12': { formOn: '2021-06-15', returnBy: '2021-06-19', registryBy: '2021-06-20', checkBy: '2021-06-21' } },
    });
  });

  it('moving 2.2 moves the batch’s returnBy and the MOs’ 2.2 obligation to the same day, nothing else', () => {
    const moved = withStep(shipped('ud-2021'), '2.2', { date: '2021-06-20' });
    const dated = batchDatesOf(moved, ['12', '34'], calendar);
    expect(dated).toMatchObject({ ok: true, batches: { '12': { formOn: '2021-06-15', returnBy: '2021-06-20', registryBy: '2021-06-20' }, '34': { returnBy: '2021-06-25' } } });
    const obligation = campaignObligations(moved, ref.regions.get('39')!, { mos: ['390005'], smos: [] }, calendar).find((o) => o.step === '2.2')!;
    expect(obligation.dueDate).toBe(dated.ok && dated.batches['12']!.returnBy);
  });

  it('a relative deadline counts working days on the production calendar (12 June 2026 is a holiday)', () => {
    const base = withStep(withStep(shipped('ud-2021'), '2.1', { date: '2026-06-10' }), '2.2', { workingDaysAfter: '2.1', days: 3 });
    const later = ['2.3', '2.4', '2.5', '3.1', '3.2', '3.3', '3.4', '3.5'].reduce((acc, step, i) => withStep(acc, step, { date: `2026-06-${17 + i}` }), base);
    expect(batchDatesOf(later, ['12'], calendar)).toMatchObject({ ok: true, batches: { '12': { formOn: '2026-06-10', returnBy: '2026-06-16' } } });
  });

  it('a schedule that leaves a listed batch without a step, or dates it out of order, is refused naming the batch and the step', () => {
    const seed = shipped('ud-2021');
    const without = { ...seed, steps: seed.steps.filter((s) => s.step !== '3.2') };
    expect(batchDatesOf(without, ['12', '34'], calendar)).toEqual({ ok: false, errors: ['партия 34: нет пункта со сроком «x.2 возврат файлов МО (mo-file-returned)»'] });
    // A campaign that runs batch 12 only does not need stage 3.
    expect(batchDatesOf(without, ['12'], calendar).ok).toBe(true);
    const late = withStep(seed, '2.2', { date: '2021-06-22' });
    expect(batchDatesOf(late, ['12'], calendar)).toEqual({ ok: false, errors: ['партия 12: срок «x.4 формирование реестра (registry-open)» (2021-06-20) раньше предыдущего этапа'] });
  });
});
