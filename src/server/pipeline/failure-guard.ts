const windowMs = 15 * 60_000;
const maxTrackedAddresses = 100_000;

/**
 * Counts failed credential checks per address over 15 minutes; past the limit the address must
 * wait. In memory, per node: a restart forgets, several nodes each count.
 */
export class FailureGuard {
  private failures = new Map<string, number[]>();

  constructor(private readonly limit: number) {}

  blocked(address: string, now = Date.now()): boolean {
    return this.recent(address, now).length >= this.limit;
  }

  fail(address: string, now = Date.now()): void {
    if (!this.failures.has(address) && this.failures.size >= maxTrackedAddresses) this.prune(now);
    this.failures.set(address, [...this.recent(address, now), now]);
  }

  private recent(address: string, now: number): number[] {
    return (this.failures.get(address) ?? []).filter((at) => now - at < windowMs);
  }

  private prune(now: number): void {
    for (const [address, times] of this.failures) {
      if (times.every((at) => now - at >= windowMs)) this.failures.delete(address);
    }
  }
}
