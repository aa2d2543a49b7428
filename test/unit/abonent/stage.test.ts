import { describe, expect, it } from 'vitest';
import { summarizeRegistry, transition, type MoProgress } from '../../../shared/abonent/stage.js';
import { dateOf, timeOf } from '../../../shared/abonent/returned.js';

describe('stage state machine (x.1–x.5)', () => {
  it('moves forming → registry open → approved, and back to forming only by reopen with a reason', () => {
    expect(transition(undefined, 'start')).toEqual({ ok: true, to: 'FORMING' });
    expect(transition('FORMING', 'reform')).toEqual({ ok: true, to: 'FORMING' });
    expect(transition('FORMING', 'form-registry')).toEqual({ ok: true, to: 'REGISTRY_OPEN' });
    expect(transition('REGISTRY_OPEN', 'approve')).toEqual({ ok: true, to: 'APPROVED' });
    expect(transition('APPROVED', 'reopen', 'ошибка МО')).toEqual({ ok: true, to: 'FORMING' });
    expect(transition('REGISTRY_OPEN', 'reopen', 'ошибка МО')).toEqual({ ok: true, to: 'FORMING' });
  });

  it('refuses steps out of order in Russian, naming the current state', () => {
    expect(transition(undefined, 'form-registry')).toEqual({ ok: false, message: 'Нельзя сформировать реестр: этап в состоянии «не начат».' });
    expect(transition('FORMING', 'approve')).toMatchObject({ ok: false, message: expect.stringContaining('формирование и приём файлов МО') });
    expect(transition('FORMING', 'start')).toMatchObject({ ok: false });
    expect(transition('APPROVED', 'form-registry')).toMatchObject({ ok: false });
    expect(transition('FORMING', 'reopen', 'x')).toMatchObject({ ok: false });
    expect(transition('APPROVED', 'reopen', '  ')).toEqual({ ok: false, message: 'Укажите причину возврата этапа (поле reason).' });
  });
});

describe('registry summary (x.4)', () => {
  const mos: MoProgress[] = [
    { mo: '770002', status: 'FORMED', rows: 10, returned: { accepted: 9, withDate: 6, byMark: { запланирован: 6, отказ: 2, умер: 1 }, status: 'PARTIAL', receivedAt: 't', returnFileId: 'f' } },
    { mo: '770001', status: 'FORMED', rows: 5 },
    { mo: '770003', status: 'EMPTY', rows: 0 },
    { mo: '770004', status: 'FAILED' },
  ];

  it('counts persons, dates and отметки by MO and lists MOs that did not return', () => {
    const s = summarizeRegistry(mos, '2026-12-06T00:00:00Z');
    expect(s).toEqual({
      formedAt: '2026-12-06T00:00:00Z',
      persons: 15,
      withDate: 6,
      withoutDate: 9,
      byMark: { запланирован: 6, отказ: 2, умер: 1 },
      notReturned: ['770001'],
      mos: [
        { mo: '770001', persons: 5, returned: false, accepted: 0, withDate: 0, withoutDate: 5, byMark: {} },
        { mo: '770002', persons: 10, returned: true, accepted: 9, withDate: 6, withoutDate: 4, byMark: { запланирован: 6, отказ: 2, умер: 1 } },
      ],
    });
  });
});

describe('fill values as office suites store them', () => {
  it('reads dates from Date cells, serial numbers and DD.MM.YYYY text; rejects impossible dates', () => {
    expect(dateOf(new Date(Date.UTC(2021, 6, 1)))).toBe('2021-07-01');
    expect(dateOf(44378)).toBe('2021-07-01');
    expect(dateOf(' 01.07.2021 ')).toBe('2021-07-01');
    expect(dateOf('')).toBeUndefined();
    expect(dateOf(null)).toBeUndefined();
    for (const bad of ['31.02.2021', '2021-07-01', '1.7.2021', 'завтра', -5]) expect(dateOf(bad)).toBeNull();
  });

  it('reads times from day fractions, exceljs 1899-12-30 dates and text', () => {
    expect(timeOf(0.4375)).toBe('10:30');
    expect(timeOf(new Date(Date.UTC(1899, 11, 30, 9, 5)))).toBe('09:05');
    expect(timeOf('9:05')).toBe('09:05');
    expect(timeOf('18:30:00')).toBe('18:30');
    for (const bad of ['24:00', '10:60', 'утром', 1.5]) expect(timeOf(bad)).toBeNull();
  });
});
