export interface WaitOptions {
  /** What is awaited, for the failure message. */
  what?: string;
  /** Only bounds a test that would otherwise hang: generous, so that a loaded machine never reaches it. */
  timeoutMs?: number;
  everyMs?: number;
}

/** Polls `check` until it returns a truthy value, and resolves with that value. */
export async function waitFor<T>(
  check: () => Promise<T> | T,
  { what = 'a condition', timeoutMs = 20_000, everyMs = 25 }: WaitOptions = {},
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`${what}: not met within ${timeoutMs} ms`);
    await new Promise((done) => setTimeout(done, everyMs));
  }
}
