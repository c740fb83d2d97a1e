import { describe, expect, it } from 'vitest';
import { monthsBefore, nextDailyRun } from './schedule.js';

const iso = (ms: number) => new Date(ms).toISOString();

describe('next daily run', () => {
  it('is later today when the time has not come, tomorrow otherwise (UTC)', () => {
    expect(iso(nextDailyRun(Date.UTC(2026, 10, 21, 1, 0), '03:30', 'UTC'))).toBe('2026-11-21T03:30:00.000Z');
    expect(iso(nextDailyRun(Date.UTC(2026, 10, 21, 3, 30), '03:30', 'UTC'))).toBe('2026-11-22T03:30:00.000Z');
    expect(iso(nextDailyRun(Date.UTC(2026, 11, 31, 23, 0), '03:30', 'UTC'))).toBe('2027-01-01T03:30:00.000Z');
  });

  it('follows the time zone, across its changes of offset', () => {
    // Paris is UTC+1 in winter, UTC+2 in summer; the clocks go forward on 2027-03-28.
    expect(iso(nextDailyRun(Date.UTC(2026, 10, 21, 12), '03:30', 'Europe/Paris'))).toBe('2026-11-22T02:30:00.000Z');
    expect(iso(nextDailyRun(Date.UTC(2027, 2, 27, 12), '03:30', 'Europe/Paris'))).toBe('2027-03-28T01:30:00.000Z');
    expect(iso(nextDailyRun(Date.UTC(2027, 2, 28, 12), '03:30', 'Europe/Paris'))).toBe('2027-03-29T01:30:00.000Z');
    // Late evening in New York is already the next day in UTC.
    expect(iso(nextDailyRun(Date.UTC(2026, 10, 22, 3), '23:00', 'America/New_York'))).toBe('2026-11-22T04:00:00.000Z');
  });
});

describe('months before', () => {
  it('counts back across years', () => {
    expect([0, 1, 3, 4, 12, 24].map((n) => monthsBefore('2026-04', n))).toEqual([
      '2026-04',
      '2026-03',
      '2026-01',
      '2025-12',
      '2025-04',
      '2024-04',
    ]);
  });
});
