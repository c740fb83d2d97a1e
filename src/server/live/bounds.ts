/** Counts what each key (a session, an address) holds against a cap; a slot is given back when its holder ends. */
export class Slots {
  private readonly held = new Map<string, number>();
  private count = 0;

  constructor(private readonly max: number) {}

  /** Takes a slot for the key; false, taking nothing, when the key holds its cap already. */
  take(key: string): boolean {
    const held = this.held.get(key) ?? 0;
    if (held >= this.max) return false;
    this.held.set(key, held + 1);
    this.count++;
    return true;
  }

  release(key: string): void {
    const held = this.held.get(key);
    if (held === undefined) return;
    if (held > 1) this.held.set(key, held - 1);
    else this.held.delete(key);
    this.count--;
  }

  /** Slots held over all keys. */
  get total(): number {
    return this.count;
  }
}

/** Messages one socket may send in each minute (fixed windows): a client cannot keep the server busy answering it. */
export class MessageRate {
  private windowStart = Date.now();
  private count = 0;

  constructor(private readonly perMinute: number) {}

  /** Counts a message; false once the socket has sent more than its allowance this minute. */
  allow(): boolean {
    const now = Date.now();
    if (now - this.windowStart >= 60_000) {
      this.windowStart = now;
      this.count = 0;
    }
    return ++this.count <= this.perMinute;
  }
}
