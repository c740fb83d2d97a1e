import {
  addAccountConsumption,
  addConsumption,
  addSpaceConsumption,
  noConsumption,
  type Consumption,
  type MonthlyConsumption,
} from '../../domain/consumption.js';
import type { UsageOwner } from '../../domain/usage.js';
import type { Store } from '../../store/database.js';
import { monthOf } from '../tasks/schedule.js';

/** Where the pipeline and the meter report what goes wrong (pino's logger fits). */
export interface PipelineLog {
  error(details: object, message: string): void;
}

/** How often pending counts are written to the database. */
const consumptionFlushMs = 5000;

/** One account's counts not yet written, by month, with the usage key that masks them (the last session's that presented one). */
interface Pending extends UsageOwner {
  months: Map<string, Consumption>;
}

/**
 * Counts each account's monthly consumption in memory and adds it to the account's (masked) and the
 * space's figures every `consumptionFlushMs` and on close. Not in the operations' transactions: reads run in read-only
 * transactions, and a statement per write would slow a path that must do ≥3,000 writes/s. A crash
 * loses at most the last few seconds of these (billing) counts; quota usage (documents, volume)
 * stays transactional.
 */
export class ConsumptionMeter {
  private counts = new Map<string, Pending>();
  private flushing = Promise.resolve();
  private readonly timer: NodeJS.Timeout;
  // The current month is computed once and reused until it ends.
  private current = { month: '', from: 0, until: 0 };

  constructor(
    private readonly store: Store,
    private readonly timeZone: string,
    private readonly log: PipelineLog,
  ) {
    this.timer = setInterval(() => void this.flush(), consumptionFlushMs).unref();
  }

  /** Counts what an account consumed at instant `at`. */
  add(owner: UsageOwner, at: number, delta: Partial<Consumption>): void {
    if (!delta.reads && !delta.writes && !delta.uploadedBytes && !delta.downloadedBytes) return;
    addPending(this.counts, owner, this.monthAt(at), delta);
  }

  /** An account's counts not yet written to the database, by month. */
  pending(spaceId: number, accountId: string): MonthlyConsumption[] {
    return [...(this.counts.get(keyOf(spaceId, accountId))?.months ?? [])].map(([month, counts]) => ({ month, ...counts }));
  }

  /** Adds the pending counts to the database in one transaction; if it fails, they are kept for the next flush. Flushes run one at a time. */
  flush(): Promise<void> {
    return (this.flushing = this.flushing.then(() => this.write()));
  }

  /** Stops the timer and writes what is left (before the store closes). */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  private async write(): Promise<void> {
    if (this.counts.size === 0) return;
    const batch = this.counts;
    this.counts = new Map();
    try {
      await this.store.transaction(async (tx) => {
        // A closed space's counts go with its purge: dropped, so that none outlives it (or, for a
        // space already forgotten, fails every flush on its foreign key).
        const open = new Set((await tx.selectFrom('spaces').select('id').where('closed_at', 'is', null).execute()).map((s) => s.id));
        // In key order, so that nodes flushing the same accounts lock their rows in the same order.
        const now = Date.now();
        const spaces = new Map<string, { spaceId: number; month: string; counts: Consumption }>();
        for (const key of [...batch.keys()].sort()) {
          const pending = batch.get(key)!;
          if (!open.has(pending.spaceId)) continue;
          for (const [month, counts] of pending.months) {
            await addAccountConsumption(tx, pending, month, counts, now);
            const space = `${pending.spaceId}:${month}`;
            if (!spaces.has(space)) spaces.set(space, { spaceId: pending.spaceId, month, counts: noConsumption() });
            addConsumption(spaces.get(space)!.counts, counts);
          }
        }
        for (const key of [...spaces.keys()].sort()) {
          const { spaceId, month, counts } = spaces.get(key)!;
          await addSpaceConsumption(tx, spaceId, month, counts);
        }
      });
    } catch (error) {
      for (const pending of batch.values()) {
        for (const [month, counts] of pending.months) addPending(this.counts, pending, month, counts);
      }
      this.log.error({ err: error, accounts: batch.size }, 'could not write consumption counts; they are kept for the next flush');
    }
  }

  private monthAt(at: number): string {
    if (at < this.current.from || at >= this.current.until) {
      const { month, startedAt } = monthOf(at, this.timeZone);
      // 32 days after the 1st falls in the next month, whose start ends this one.
      this.current = { month, from: startedAt, until: monthOf(startedAt + 32 * 86_400_000, this.timeZone).startedAt };
    }
    return this.current.month;
  }
}

function keyOf(spaceId: number, accountId: string): string {
  return `${spaceId}:${accountId}`;
}

function addPending(counts: Map<string, Pending>, owner: UsageOwner, month: string, delta: Partial<Consumption>): void {
  const key = keyOf(owner.spaceId, owner.accountId);
  let pending = counts.get(key);
  if (!pending) counts.set(key, (pending = { spaceId: owner.spaceId, accountId: owner.accountId, usageKey: null, months: new Map() }));
  pending.usageKey = owner.usageKey ?? pending.usageKey;
  let total = pending.months.get(month);
  if (!total) pending.months.set(month, (total = noConsumption()));
  addConsumption(total, delta);
}
