import { describe, expect, it } from 'vitest';
import { lifetimeEnd } from './lifetime.js';

describe('account lifetime', () => {
  it('ends at the last millisecond of the month, months later', () => {
    expect(new Date(lifetimeEnd(Date.UTC(2026, 10, 21, 13), 12)).toISOString()).toBe('2027-11-30T23:59:59.999Z');
    expect(new Date(lifetimeEnd(Date.UTC(2026, 0, 31), 1)).toISOString()).toBe('2026-02-28T23:59:59.999Z');
    expect(new Date(lifetimeEnd(Date.UTC(2026, 11, 1), 3)).toISOString()).toBe('2027-03-31T23:59:59.999Z');
  });
});
