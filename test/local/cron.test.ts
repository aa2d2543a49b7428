import { describe, expect, it } from 'vitest';
import { nextFireTime, parseCron } from '../../infra/local/cron.js';

const next = (expr: string, after: string) => nextFireTime(expr, new Date(after)).toISOString();

describe('EventBridge cron', () => {
  it('steps from a start value: every 15 minutes', () => {
    expect(next('cron(0/15 * * * ? *)', '2024-05-01T10:07:00Z')).toBe('2024-05-01T10:15:00.000Z');
    expect(next('cron(0/15 * * * ? *)', '2024-05-01T10:45:00Z')).toBe('2024-05-01T11:00:00.000Z');
    expect(next('cron(5/20 * * * ? *)', '2024-05-01T10:46:00Z')).toBe('2024-05-01T11:05:00.000Z');
  });

  it('is strictly after the given instant, at whole minutes', () => {
    expect(next('cron(* * * * ? *)', '2024-05-01T10:00:00Z')).toBe('2024-05-01T10:01:00.000Z');
    expect(next('cron(* * * * ? *)', '2024-05-01T10:00:59.999Z')).toBe('2024-05-01T10:01:00.000Z');
  });

  it('reads day-of-week 1–7 as SUN–SAT, and names', () => {
    // 2024-05-01 is a Wednesday.
    expect(next('cron(0 9 ? * 2 *)', '2024-05-01T00:00:00Z')).toBe('2024-05-06T09:00:00.000Z'); // MON
    expect(next('cron(0 9 ? * MON-FRI *)', '2024-05-03T10:00:00Z')).toBe('2024-05-06T09:00:00.000Z');
    expect(next('cron(0 9 ? * SUN *)', '2024-05-01T00:00:00Z')).toBe('2024-05-05T09:00:00.000Z');
    expect(next('cron(0 9 ? * 1,7 *)', '2024-05-01T00:00:00Z')).toBe('2024-05-04T09:00:00.000Z'); // SAT
  });

  it('handles ranges, lists, months by name, day-of-month and years', () => {
    expect(next('cron(30 6-8 * * ? *)', '2024-05-01T08:31:00Z')).toBe('2024-05-02T06:30:00.000Z');
    expect(next('cron(0 0 31 * ? *)', '2024-04-01T00:00:00Z')).toBe('2024-05-31T00:00:00.000Z');
    expect(next('cron(0 12 1 JAN,JUL ? *)', '2024-02-01T00:00:00Z')).toBe('2024-07-01T12:00:00.000Z');
    expect(next('cron(0 0 29 2 ? *)', '2025-01-01T00:00:00Z')).toBe('2028-02-29T00:00:00.000Z');
    expect(next('cron(0 0 1 1 ? 2030)', '2024-01-01T00:00:00Z')).toBe('2030-01-01T00:00:00.000Z');
    expect(next('cron(0 21 * * ? *)', '2024-12-31T21:00:00Z')).toBe('2025-01-01T21:00:00.000Z');
  });

  it('evaluates in UTC: 06:00 Moscow = 03:00 UTC', () => {
    expect(next('cron(0 3 * * ? *)', '2024-05-01T05:00:00+03:00')).toBe('2024-05-01T03:00:00.000Z');
    expect(next('cron(0 3 * * ? *)', '2024-05-01T06:30:00+03:00')).toBe('2024-05-02T03:00:00.000Z');
  });

  it('rejects what EventBridge rejects or what is not supported locally', () => {
    expect(() => parseCron('0 * * * ? *')).toThrow(/cron\(/);
    expect(() => parseCron('cron(0 * * * *)')).toThrow(/6 fields/);
    expect(() => parseCron('cron(0 * * * * *)')).toThrow(/exactly one/);
    expect(() => parseCron('cron(0 * ? * ? *)')).toThrow(/exactly one/);
    expect(() => parseCron('cron(60 * * * ? *)')).toThrow(/minutes/);
    expect(() => parseCron('cron(0 * ? * 0 *)')).toThrow(/day-of-week/);
    expect(() => parseCron('cron(0 * L * ? *)')).toThrow(/L, W and #/);
    expect(() => parseCron('cron(0 * ? * 2#1 *)')).toThrow(/L, W and #/);
    expect(() => parseCron('cron(0/0 * * * ? *)')).toThrow(/step/);
    expect(() => nextFireTime('cron(0 0 1 1 ? 2020)', new Date('2024-01-01T00:00:00Z'))).toThrow(/never fires/);
  });
});
