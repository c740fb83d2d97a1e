import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../config/schema.js';
import type { Store, Tx } from '../../store/database.js';
import type { FileStore } from '../../store/files/file-store.js';

/** One batch of a task: its work from `cursor` on, and where the next batch starts (null: done). */
export type Batch<C> = (tx: Tx, cursor: C | null) => Promise<{ items: number; next: C | null }>;

/** What a task body sees while it runs. */
export interface TaskContext {
  readonly task: { spaceId: number; id: string; kind: string; target: string | null; attempts: number };
  readonly store: Store;
  readonly files: FileStore;
  readonly config: Config;
  readonly log: FastifyBaseLogger;
  /**
   * Runs batches until done, each in its own transaction with the cursor the previous one saved;
   * the cursor and the count of items are saved in the batch's own transaction, so a run that is
   * interrupted resumes after the last batch that committed, and never does one twice.
   */
  batches<C>(body: Batch<C>): Promise<void>;
  /**
   * For a body that works outside batches (a backup): extends the task's lease, to call more often
   * than tasks.leaseSeconds. Throws when another node took the task or the engine is stopping.
   */
  renewLease(): Promise<void>;
}

/**
 * A kind of task. Deferred kinds are queued by operations (`context.defer`) and run once; daily
 * kinds run every day at the site's daily time. Bodies are idempotent and work in bounded batches.
 */
export interface TaskKind {
  kind: string;
  daily: boolean;
  summary: string;
  /**
   * Once done, the task's row keeps no target: a purge leaves no trace of what it purged, and its
   * times, kept for the history, name nothing that they could tie together.
   */
  forgetsTarget?: boolean;
  /** A daily kind's own time (HH:MM in tasks.timeZone), when it is not tasks.dailyAt. */
  dailyAt?(config: Config): string;
  /** A recurring kind's period in milliseconds, instead of a daily time (the fleet's reaper). */
  everyMs?: number;
  run(context: TaskContext): Promise<void>;
}

/** Rows a batch handles at most: short transactions that leave room for the site's own. */
export const batchSize = 500;
