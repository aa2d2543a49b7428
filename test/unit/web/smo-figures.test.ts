import { describe, expect, it } from 'vitest';
import { currentCampaign } from '../../../web/src/current-campaign.js';
import { onCommonDays, resultsFormat, RESULTS_MAX_BYTES } from '../../../web/src/pages/smo/figures.js';

describe('the SMO screens’ own rules', () => {
  it('takes a results file as CSV or XLSX by its name, and refuses others, empty and oversized ones in Russian', () => {
    expect(resultsFormat({ name: 'Результаты.CSV', size: 10 })).toBe('csv');
    expect(resultsFormat({ name: 'итоги.xlsx', size: RESULTS_MAX_BYTES })).toBe('xlsx');
    expect(resultsFormat({ name: 'отчёт.pdf', size: 10 })).toEqual({ refusal: 'Файл «отчёт.pdf»: принимаются только CSV (ENP;DATE_INF;CHANNEL;RESULT) и XLSX.' });
    expect(resultsFormat({ name: 'пусто.csv', size: 0 })).toEqual({ refusal: 'Файл «пусто.csv» пуст.' });
    expect(resultsFormat({ name: 'большой.csv', size: RESULTS_MAX_BYTES + 1 })).toEqual({ refusal: 'Файл «большой.csv» (101 МБ) больше допустимых 100 МБ: разделите его на несколько файлов.' });
  });

  it('puts cumulative lines on common days: 0 before a line starts, its last figure after it ends', () => {
    const total = { name: 'Всего', points: [{ date: '2026-12-01', informed: 2 }, { date: '2026-12-02', informed: 3 }, { date: '2026-12-03', informed: 5 }] };
    const early = { name: 'Группа 1', points: [{ date: '2026-12-01', informed: 2 }] };
    const late = { name: 'Группа 2', points: [{ date: '2026-12-02', informed: 1 }, { date: '2026-12-03', informed: 3 }] };
    expect(onCommonDays([total, early, late])).toEqual({ days: ['2026-12-01', '2026-12-02', '2026-12-03'], values: [[2, 3, 5], [2, 2, 2], [0, 1, 3]] });
    expect(onCommonDays([])).toEqual({ days: [], values: [] });
  });

  it('opens on the current campaign: the active one with the latest reference date', () => {
    const c = (id: string, active: boolean, referenceDate: string) => ({ id, active, referenceDate });
    expect(currentCampaign([c('ud-2021', true, '2021-06-15'), c('ud-2026', true, '2026-12-01'), c('ud-2027', false, '2027-06-01')])?.id).toBe('ud-2026');
    expect(currentCampaign([c('ud-2021', false, '2021-06-15')])?.id).toBe('ud-2021');
    expect(currentCampaign([])).toBeUndefined();
  });
});
