import { afterEach, describe, expect, it, vi } from 'vitest';
import { FailureGuard, type CredentialAttempt } from './failure-guard.js';

/** Whether a promise is settled after the pending callbacks have run. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise((next) => setImmediate(next));
  return done;
}

describe('FailureGuard', () => {
  afterEach(() => vi.useRealTimers());

  it('refuses an address once its failures reach the limit, for 15 minutes', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const guard = new FailureGuard(2);
    for (let i = 0; i < 2; i++) (await guard.attempt('198.51.100.1'))!.end(true);
    expect(await guard.attempt('198.51.100.1')).toBeNull();
    expect(await guard.attempt('198.51.100.2')).not.toBeNull();
    vi.setSystemTime(Date.now() + 15 * 60_000);
    expect(await guard.attempt('198.51.100.1')).not.toBeNull();
  });

  it('holds attempts beyond the limit until one in flight ends: a success makes room, failures reaching the limit refuse them', async () => {
    const guard = new FailureGuard(2);
    const first = (await guard.attempt('198.51.100.1'))!;
    const second = (await guard.attempt('198.51.100.1'))!;
    const third = guard.attempt('198.51.100.1');
    const fourth = guard.attempt('198.51.100.1');
    expect(await settled(third)).toBe(false);

    first.end(false);
    const admitted = (await third)!;
    expect(admitted).not.toBeNull();
    expect(await settled(fourth)).toBe(false);
    second.end(true);
    expect(await settled(fourth)).toBe(false);
    admitted.end(true);
    expect(await fourth).toBeNull();
  });

  it('ends an attempt once, and counts an IPv6 address with its /64', async () => {
    const guard = new FailureGuard(2);
    const attempt = (await guard.attempt('2001:db8:1:2::1'))!;
    attempt.end(true);
    attempt.end(true);
    const next: CredentialAttempt = (await guard.attempt('2001:db8:1:2:ffff::9'))!;
    next.end(true);
    expect(await guard.attempt('2001:db8:1:2::abcd')).toBeNull();
    expect(await guard.attempt('2001:db8:1:3::1')).not.toBeNull();
  });
});
