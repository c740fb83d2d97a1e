import type { FastifyBaseLogger } from 'fastify';

/**
 * Warnings about conditions that clients cause (malformed or oversized frames, the database failing
 * while a socket signs in): at most one line per kind every `everyMs`, so that no client can fill the
 * log, and never at error level. Each line counts the ones left out since the last of its kind.
 * Kinds come from the server (an error code of `ws`, a name), never from what a client sent.
 */
export class FaultLog {
  private readonly kinds = new Map<string, { loggedAt: number; suppressed: number }>();

  constructor(
    private readonly log: FastifyBaseLogger,
    private readonly everyMs = 60_000,
  ) {}

  warn(kind: string, fields: Record<string, unknown>, message: string): void {
    const now = Date.now();
    const last = this.kinds.get(kind);
    if (last && now - last.loggedAt < this.everyMs) {
      last.suppressed++;
      return;
    }
    this.log.warn({ kind, suppressed: last?.suppressed ?? 0, ...fields }, message);
    this.kinds.set(kind, { loggedAt: now, suppressed: 0 });
  }
}
