import { describe, expect, it } from 'vitest';
import { loadProductionCalendar } from '../../../shared/calendar/load.js';
import { complianceCounts, complianceOf, type DayReceipt } from '../../../shared/hospitalization/compliance.js';
import { dueInstantOf, horizonOf, reportingDay } from '../../../shared/hospitalization/day.js';
import { complianceReportKey, hospitalizationUploadKey, newHospUploadId, parseHospitalizationKey } from '../../../shared/hospitalization/keys.js';
import { parseInboxKey, protocolKeys } from '../../../shared/ingest/inbox.js';
import { HORIZON } from './fixtures.js';

const calendar = loadProductionCalendar();

describe('the reporting day and the horizon (DOMAIN.md §4, production calendar)', () => {
  it('a submission on Friday 20.11.2026 covers Thursday; beds: Friday and the next ten working days', () => {
    expect(reportingDay('2026-11-20T05:00:00Z', 'Europe/Moscow')).toEqual({ today: '2026-11-20', forDate: '2026-11-19' });
    expect(horizonOf(calendar, '2026-11-20')).toEqual(HORIZON);
  });

  it('the day is the region’s own: 23:30 UTC is already tomorrow in Kamchatka, still today in Kaliningrad', () => {
    expect(reportingDay('2026-11-19T23:30:00Z', 'Asia/Kamchatka')).toEqual({ today: '2026-11-20', forDate: '2026-11-19' });
    expect(reportingDay('2026-11-19T23:30:00Z', 'Europe/Kaliningrad')).toEqual({ today: '2026-11-20', forDate: '2026-11-19' });
    expect(reportingDay('2026-11-19T21:30:00Z', 'Europe/Kaliningrad')).toEqual({ today: '2026-11-19', forDate: '2026-11-18' });
  });

  it('a Saturday counts itself, then ten working days; holidays and transfers of the decree are skipped', () => {
    const h = horizonOf(calendar, '2026-11-21');
    expect(h[0]).toBe('2026-11-21');
    expect(h.slice(1)).toEqual(HORIZON.slice(1));
    // 31.12.2026 is a day off by decree № 1466 (transfer from 4 Jan); 2027 has no decree: 1–8 January
    // are holidays (art. 112, not moved without the decree), 9–10 a weekend.
    expect(horizonOf(calendar, '2026-12-28')).toEqual(['2026-12-28', '2026-12-29', '2026-12-30', '2027-01-11', '2027-01-12', '2027-01-13', '2027-01-14', '2027-01-15', '2027-01-18', '2027-01-19', '2027-01-20']);
    // Around 4 November (a Wednesday holiday in 2026).
    expect(horizonOf(calendar, '2026-11-02')).toEqual(['2026-11-02', '2026-11-03', '2026-11-05', '2026-11-06', '2026-11-09', '2026-11-10', '2026-11-11', '2026-11-12', '2026-11-13', '2026-11-16', '2026-11-17']);
  });

  it('the deadline is 09:00 local of the next day, as a UTC instant', () => {
    expect(dueInstantOf('2026-11-19', 'Europe/Moscow')).toBe('2026-11-20T06:00:00.000Z');
    expect(dueInstantOf('2026-11-19', 'Europe/Kaliningrad')).toBe('2026-11-20T07:00:00.000Z');
    expect(dueInstantOf('2026-11-19', 'Asia/Kamchatka')).toBe('2026-11-19T21:00:00.000Z');
    expect(dueInstantOf('2026-12-31', 'Europe/Moscow')).toBe('2027-01-01T06:00:00.000Z');
  });
});

describe('compliance of a day', () => {
  const mos = [
    { code: '390005', name: 'ЦГКБ' },
    { code: '390001', name: 'ОКБ' },
    { code: '390013', name: 'Детская поликлиника' },
    { code: '390009', name: 'ГБ № 3' },
    { code: '390011', name: 'ГП № 1' },
  ];
  const due = dueInstantOf('2026-11-19', 'Europe/Kaliningrad'); // 07:00Z
  const receipts = new Map<string, DayReceipt>([
    ['390001', { status: 'ACCEPTED', firstAcceptedAt: '2026-11-20T05:10:00.000Z', lastReceivedAt: '2026-11-20T08:00:00.000Z' }],
    ['390005', { status: 'ACCEPTED', firstAcceptedAt: '2026-11-20T07:00:00.001Z', lastReceivedAt: '2026-11-20T07:00:00.001Z' }],
    ['390009', { status: 'ACCEPTED', firstAcceptedAt: due, lastReceivedAt: due }],
    ['390013', { status: 'REJECTED', lastReceivedAt: '2026-11-20T06:30:00.000Z' }],
    ['399999', { status: 'ACCEPTED', firstAcceptedAt: '2026-11-20T05:00:00.000Z', lastReceivedAt: '2026-11-20T05:00:00.000Z' }],
  ]);

  it('on time up to the deadline itself, late a millisecond after, missing when nothing was accepted; MO order', () => {
    const rows = complianceOf(mos, receipts, '2026-11-19', due, { timeZone: 'Europe/Kaliningrad' });
    expect(rows.map((r) => [r.mo, r.status, r.submittedAt])).toEqual([
      ['390001', 'в срок', '2026-11-20T05:10:00.000Z'],
      ['390005', 'с опозданием', '2026-11-20T07:00:00.001Z'],
      ['390009', 'в срок', due],
      ['390011', 'нет сведений', null],
      ['390013', 'нет сведений', null],
    ]);
    expect(rows.find((r) => r.mo === '390013')!.note).toBe('сведения за 19.11.2026 получены 20.11.2026 08:30 (местное время), но отклонены ФЛК');
    expect(rows.find((r) => r.mo === '390011')!.note).toBeUndefined();
    expect(complianceCounts(rows)).toEqual({ 'в срок': 2, 'с опозданием': 1, 'нет сведений': 2 });
  });

  it('before the deadline a missing MO is noted as not yet due', () => {
    const rows = complianceOf(mos, new Map(), '2026-11-19', due, { timeZone: 'Europe/Kaliningrad', now: new Date('2026-11-20T06:00:00Z') });
    expect(rows[0]!.note).toBe('срок (20.11.2026 09:00 (местное время)) ещё не наступил');
  });
});

describe('keys (DOMAIN.md §9)', () => {
  it('an upload key is the MO’s own folder; protocols go next to it', () => {
    const id = newHospUploadId(new Date('2026-11-20T05:15:00.123Z'), '1a2b3c4d');
    const key = hospitalizationUploadKey('390005', id);
    expect(key).toBe('39/mo/390005/hospitalization/hs-20261120T051500Z-1a2b3c4d.csv');
    expect(parseInboxKey(key)).toEqual({ kind: 'hospitalization', sender: '39', prefix: '39/mo/390005/hospitalization', name: 'hs-20261120T051500Z-1a2b3c4d.csv' });
    expect(protocolKeys(parseInboxKey(key)!, '2026-11-20T05:15:01.000Z', 'f1').csv).toBe('39/mo/390005/hospitalization/protocols/hs-20261120T051500Z-1a2b3c4d.csv/20261120T051501Z-f1.flk.csv');
    // Another region's prefix, another name or a nested key belong to nobody.
    expect(parseHospitalizationKey('77/mo/390005/hospitalization/hs-20261120T051500Z-1a2b3c4d.csv')).toBeUndefined();
    expect(parseHospitalizationKey('39/mo/390005/hospitalization/my.csv')).toBeUndefined();
    expect(parseHospitalizationKey('39/mo/390005/hospitalization/x/hs-20261120T051500Z-1a2b3c4d.csv')).toBeUndefined();
    expect(complianceReportKey('39', '2026-11-19')).toBe('39/tfoms/hospitalization/compliance/2026-11-19.xlsx');
  });
});
