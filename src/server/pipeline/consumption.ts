import type { Store } from '../../store/database.js';
import { monthOf } from '../tasks/schedule.js';

/** Where the pipeline and the meter report what goes wrong (pino's logger fits). */
export interface PipelineLog {
  error(details: object, message: string): void;
}

/** What an account consumes: documents read and written, file bytes uploaded and downloaded. */
export interface Consumption {
  reads: number;
  writes: number;
  uploadedBytes: number;
  downloadedBytes: number;
}

export interface MonthlyConsumption extends Consumption {
  /** `YYYY-MM` in the site's time zone (`tasks.timeZone`). */
  month: string;
}

/** How often pending counts are written to the database. */
const consumptionFlushMs = 5000;

/** Adds `delta` to `total` in place. */
export function addConsumption<T extends Consumption>(total: T, delta: Partial<Consumption>): T {
  total.reads += delta.reads ?? 0;
  total.writes += delta.writes ?? 0;
  total.uploadedBytes += delta.uploadedBytes ?? 0;
  total.downloadedBytes += delta.downloadedBytes ?? 0;
  return total;
}

export function noConsumption(): Consumption {
  return { reads: 0, writes: 0, uploadedBytes: 0, downloadedBytes: 0 };
}

/** One account's counts not yet written, by month. */
interface Pending {
  spaceId: number;
  accountId: string;
  months: Map<string, Consumption>;
}

/**
 * Counts each account's monthly consumption in memory and adds it to `account_consumption` every
 * `consumptionFlushMs` and on close. Not in the operations' transactions: reads run in read-only
 * transactions, and a statement per write would slow a path that must do ≥3,000 writes/s. A crash
 * loses at most the last few seconds of these (billing) counts; quota usage (documents, volume)
 * stays transactional.
 */
export class ConsumptionMeter {
  private counts = new Map<string, Pending>();
  private flushing = Promise.resolve();
  private readonly timer: NodeJS.Timeout;
  // monthOf costs ~0.1 ms (Intl): the current month is computed once and reused until it ends.
  private current = { month: '', from: 0, until: 0 };

  constructor(
    private readonly store: Store,
    private readonly timeZone: string,
    private readonly log: PipelineLog,
  ) {
    this.timer = setInterval(() => void this.flush(), consumptionFlushMs).unref();
  }

  /** Counts what an account consumed at instant `at`. */
  add(spaceId: number, accountId: string, at: number, delta: Partial<Consumption>): void {
    if (!delta.reads && !delta.writes && !delta.uploadedBytes && !delta.downloadedBytes) return;
    addPending(this.counts, spaceId, accountId, this.monthAt(at), delta);
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
        for (const key of [...batch.keys()].sort()) {
          const { spaceId, accountId, months } = batch.get(key)!;
          if (!open.has(spaceId)) continue;
          for (const [month, c] of months) {
            await tx
              .insertInto('account_consumption')
              .values({
                space_id: spaceId,
                account_id: accountId,
                month,
                reads: c.reads,
                writes: c.writes,
                uploaded_bytes: c.uploadedBytes,
                downloaded_bytes: c.downloadedBytes,
              })
              .onConflict((oc) =>
                oc.columns(['space_id', 'account_id', 'month']).doUpdateSet((eb) => ({
                  reads: eb('account_consumption.reads', '+', eb.ref('excluded.reads')),
                  writes: eb('account_consumption.writes', '+', eb.ref('excluded.writes')),
                  uploaded_bytes: eb('account_consumption.uploaded_bytes', '+', eb.ref('excluded.uploaded_bytes')),
                  downloaded_bytes: eb('account_consumption.downloaded_bytes', '+', eb.ref('excluded.downloaded_bytes')),
                })),
              )
              .execute();
          }
        }
      });
    } catch (error) {
      for (const { spaceId, accountId, months } of batch.values()) {
        for (const [month, counts] of months) addPending(this.counts, spaceId, accountId, month, counts);
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

function addPending(counts: Map<string, Pending>, spaceId: number, accountId: string, month: string, delta: Partial<Consumption>): void {
  const key = keyOf(spaceId, accountId);
  let pending = counts.get(key);
  if (!pending) counts.set(key, (pending = { spaceId, accountId, months: new Map() }));
  let total = pending.months.get(month);
  if (!total) pending.months.set(month, (total = noConsumption()));
  addConsumption(total, delta);
}
