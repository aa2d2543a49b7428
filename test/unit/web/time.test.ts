import { describe, expect, it } from 'vitest';
import { countdown, formatInstant, formatLocalDeadline, formatNumber, zoneLabel } from '../../../web/src/time.js';

describe('the console’s times on the region’s clock', () => {
  const at = '2026-06-15T21:59:00Z';

  it('shows an instant in the region’s zone, named with its offset, in Russian format', () => {
    expect(formatInstant(at, 'Europe/Kaliningrad')).toBe('15.06.2026, 23:59');
    expect(formatInstant(at, 'Asia/Kamchatka')).toBe('16.06.2026, 09:59');
    expect(zoneLabel('Europe/Kaliningrad', new Date(at))).toBe('Europe/Kaliningrad, GMT+2');
    expect(zoneLabel('Asia/Kamchatka', new Date(at))).toBe('Asia/Kamchatka, GMT+12');
  });

  it('writes a deadline as the schedule does (24:00 is the end of that day) and numbers with Russian separators', () => {
    expect(formatLocalDeadline('2026-06-19', '24:00')).toBe('19.06.2026 24:00');
    expect(formatNumber(1234567)).toBe('1\u00a0234\u00a0567');
  });

  it('counts down to a deadline and past it', () => {
    const now = Date.parse(at);
    expect(countdown('2026-06-17T23:10:00Z', now)).toEqual({ text: 'осталось 2 дн. 1 ч 11 мин', overdue: false });
    expect(countdown('2026-06-15T22:04:00Z', now)).toEqual({ text: 'осталось 5 мин', overdue: false });
    expect(countdown('2026-06-15T19:00:00Z', now)).toEqual({ text: 'просрочено на 2 ч 59 мин', overdue: true });
  });
});
