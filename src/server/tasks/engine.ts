import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Selectable } from 'kysely';
import type { Config } from '../../config/schema.js';
import { skipLocked, type Store, type Tx } from '../../store/database.js';
import type { FileStore } from '../../store/files/file-store.js';
import { siteSpaceId, type TasksTable } from '../../store/schema.js';
import type { Alerts } from './alerts.js';
import { dedupOf, newTaskId, newTaskRow } from '../../domain/task-queue.js';
import { nextDailyRun } from './schedule.js';
import type { Batch, TaskContext, TaskKind } from './task-kind.js';
import type { TaskStats } from './stats.js';
import { pausedKinds } from './paused.js';

type TaskRow = Selectable<TasksTable>;

/** Thrown inside a batch when another node has taken the task (this node's lease ran out). */
class LeaseLost extends Error {}

/** Thrown between batches when the engine stops: the task is released, to resume at the next start. */
class Interrupted extends Error {}

/** After this long, a run rests between its batches. */
const longRunMs = 100;

/** How long a failed run waits before the next attempt: 10 s, 20 s, 40 s… at most an hour. */
function retryDelayMs(attempts: number): number {
  return Math.min(3_600_000, 10_000 * 2 ** Math.max(0, attempts - 1));
}

export interface TaskEngineDeps {
  store: Store;
  files: FileStore;
  config: Config;
  log: FastifyBaseLogger;
  kinds: TaskKind[];
  alerts: Alerts;
  stats: TaskStats;
}

/**
 * Runs the queue on this node: takes one due task at a time (a pending one whose time has come, or
 * a running one whose lease has run out), runs its body, and records the outcome. On PostgreSQL
 * several nodes share the queue: a task is taken with FOR UPDATE SKIP LOCKED and held by a lease
 * that each batch renews, so it runs on one node at a time.
 */
export class TaskEngine {
  readonly node = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private readonly kinds: Map<string, TaskKind>;
  private running = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;

  constructor(private readonly deps: TaskEngineDeps) {
    this.kinds = new Map(deps.kinds.map((k) => [k.kind, k]));
  }

  /** Makes sure each daily kind has its row, then starts the loop. */
  async start(): Promise<void> {
    await this.scheduleDailyKinds(Date.now());
    this.running = true;
    this.loop = this.runLoop();
  }

  /** Stops taking tasks and waits for the one in progress (its next batch resumes elsewhere or later). */
  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
  }

  /** Looks for due tasks now (after an operation queued one). */
  wake(): void {
    this.wakeUp?.();
  }

  private async runLoop(): Promise<void> {
    while (this.running) {
      let task: (TaskRow & { runId: string }) | null = null;
      try {
        task = await this.claim(Date.now());
        if (task) await this.run(task);
      } catch (error) {
        this.deps.log.error({ err: error }, 'the task engine could not take or record a task');
      }
      if (!task && this.running) await this.idle(this.deps.config.tasks.pollSeconds * 1000);
    }
  }

  private idle(ms: number): Promise<void> {
    return new Promise((done) => {
      const timer = setTimeout(finish, ms);
      function finish() {
        clearTimeout(timer);
        done();
      }
      this.wakeUp = finish;
    });
  }

  /** When a daily kind runs next: after its period if it has one, at its own time when it has one (backups), else at tasks.dailyAt. */
  private nextRunOf(kind: TaskKind | undefined, now: number): number {
    const { config } = this.deps;
    if (kind?.everyMs !== undefined) return now + kind.everyMs;
    return nextDailyRun(now, kind?.dailyAt?.(config) ?? config.tasks.dailyAt, config.tasks.timeZone);
  }

  private async scheduleDailyKinds(now: number): Promise<void> {
    await this.deps.store.transaction(async (tx) => {
      for (const kind of this.kinds.values()) {
        if (!kind.daily) continue;
        const next = this.nextRunOf(kind, now);
        await tx
          .insertInto('tasks')
          .values(
            newTaskRow(
              {
                space_id: siteSpaceId,
                kind: kind.kind,
                target: null,
                dedup: dedupOf(kind.kind, siteSpaceId, null),
                daily: 1,
                run_at: next,
              },
              now,
            ),
          )
          .onConflict((c) => c.column('dedup').doNothing())
          .execute();
        // A changed daily time applies at once; a run missed while the site was down stays due.
        await tx
          .updateTable('tasks')
          .set({ run_at: next })
          .where('kind', '=', kind.kind)
          .where('daily', '=', 1)
          .where('state', '=', 'pending')
          .where('run_at', '>', next)
          .execute();
      }
    });
  }

  /** Takes the next due task for this node and opens its run, or null. */
  private async claim(now: number): Promise<(TaskRow & { runId: string }) | null> {
    const { store, config } = this.deps;
    return store.transaction(async (tx) => {
      const paused = await pausedKinds(tx);
      let query = tx
        .selectFrom('tasks')
        .selectAll()
        .where((eb) =>
          eb.or([
            eb.and([eb('state', '=', 'pending'), eb('run_at', '<=', now)]),
            eb.and([eb('state', '=', 'running'), eb('lease_until', '<', now)]),
          ]),
        )
        .orderBy('run_at')
        .limit(1);
      if (paused.length) query = query.where('kind', 'not in', paused);
      const row = await skipLocked(tx, query).executeTakeFirst();
      if (!row) return null;
      const taken = {
        state: 'running' as const,
        lease_owner: this.node,
        lease_until: now + config.tasks.leaseSeconds * 1000,
        attempts: row.attempts + 1,
        last_run_at: now,
      };
      await tx.updateTable('tasks').set(taken).where('space_id', '=', row.space_id).where('id', '=', row.id).execute();
      const runId = newTaskId(now);
      await tx
        .insertInto('task_runs')
        .values({
          space_id: row.space_id,
          task_id: row.id,
          id: runId,
          kind: row.kind,
          node: this.node,
          started_at: now,
          finished_at: null,
          items: 0,
          result: 'running',
          error: null,
        })
        .execute();
      return { ...row, ...taken, runId };
    });
  }

  private async run(task: TaskRow & { runId: string }): Promise<void> {
    const { store, config, log } = this.deps;
    const kind = this.kinds.get(task.kind);
    const { runId } = task;
    const started = task.last_run_at ?? Date.now();
    let items = 0;
    const context: TaskContext = {
      task: { spaceId: task.space_id, id: task.id, kind: task.kind, target: task.target, attempts: task.attempts },
      store,
      files: this.deps.files,
      config,
      log,
      renewLease: () => this.renewLease(task),
      batches: async <C>(body: Batch<C>) => {
        const runStarted = performance.now();
        for (;;) {
          const started = performance.now();
          const more = await this.batch(task, body, (n) => (items += n));
          if (!more) return;
          if (!this.running) throw new Interrupted();
          // A long run takes at most half of this node's time, so that the site's requests keep theirs.
          const spent = performance.now() - started;
          if (performance.now() - runStarted > longRunMs && spent >= 1) await new Promise((done) => setTimeout(done, spent));
        }
      },
    };
    let failure: Error | undefined;
    try {
      if (!kind) throw new Error(`unknown task kind "${task.kind}" (from a newer or older version?)`);
      await kind.run(context);
    } catch (error) {
      failure = error instanceof Error ? error : new Error(String(error));
    }
    if (failure instanceof LeaseLost) {
      log.warn({ task: task.id, kind: task.kind }, 'another node took over this task: its lease ran out');
      return;
    }
    if (failure instanceof Interrupted) return this.release(task, runId, items);
    await this.finish(task, runId, started, items, failure);
  }

  /** One batch: checks and renews the lease, runs the body from the saved cursor, saves the next. Returns true while there is more. */
  private async batch<C>(task: TaskRow, body: Batch<C>, count: (n: number) => void): Promise<boolean> {
    const { store, config } = this.deps;
    let more = false;
    let done = 0;
    await store.transaction(async (tx) => {
      const now = Date.now();
      // The conditional update holds the row until commit: another node skips it meanwhile.
      const held = await tx
        .updateTable('tasks')
        .set({ lease_until: now + config.tasks.leaseSeconds * 1000 })
        .where('space_id', '=', task.space_id)
        .where('id', '=', task.id)
        .where('lease_owner', '=', this.node)
        .where('state', '=', 'running')
        .returning('progress')
        .executeTakeFirst();
      if (!held) throw new LeaseLost();
      const saved = held.progress ? (JSON.parse(held.progress) as { cursor: C | null; done?: boolean }) : { cursor: null };
      if (saved.done) return;
      const { items, next } = await body(tx, saved.cursor);
      await tx
        .updateTable('tasks')
        .set((eb) => ({
          progress: JSON.stringify(next === null ? { cursor: null, done: true } : { cursor: next }),
          items: eb('items', '+', items),
        }))
        .where('space_id', '=', task.space_id)
        .where('id', '=', task.id)
        .execute();
      more = next !== null;
      done = items;
    });
    count(done);
    this.deps.stats.items(task.kind, done);
    return more;
  }

  /** Extends the lease of a task that works outside batches; LeaseLost when another node took it, Interrupted when the engine stops. */
  private async renewLease(task: TaskRow): Promise<void> {
    const { store, config } = this.deps;
    if (!this.running) throw new Interrupted();
    const renewed = await store.db
      .updateTable('tasks')
      .set({ lease_until: Date.now() + config.tasks.leaseSeconds * 1000 })
      .where('space_id', '=', task.space_id)
      .where('id', '=', task.id)
      .where('lease_owner', '=', this.node)
      .where('state', '=', 'running')
      .executeTakeFirst();
    if (Number(renewed.numUpdatedRows) === 0) throw new LeaseLost();
  }

  /** Gives an interrupted task back to the queue as it was, its progress kept; the run does not count as an attempt. */
  private async release(task: TaskRow, runId: string, items: number): Promise<void> {
    const now = Date.now();
    await this.deps.store.transaction(async (tx) => {
      await tx
        .updateTable('tasks')
        .set({ state: 'pending', run_at: now, lease_owner: null, lease_until: null, attempts: task.attempts - 1 })
        .where('space_id', '=', task.space_id)
        .where('id', '=', task.id)
        .where('lease_owner', '=', this.node)
        .execute();
      await tx
        .updateTable('task_runs')
        .set({ finished_at: now, items, result: 'error', error: 'interrupted by a shutdown' })
        .where('space_id', '=', task.space_id)
        .where('task_id', '=', task.id)
        .where('id', '=', runId)
        .execute();
    });
  }

  /** What /health/ready shows of the engine; fails when it should run and does not. */
  async health(): Promise<Record<string, unknown>> {
    const enabled = this.deps.config.tasks.enabled;
    if (enabled && !this.running) throw new Error('the task engine is not running');
    const db = this.deps.store.db;
    const { failed } = await db
      .selectFrom('tasks')
      .select((eb) => eb.fn.countAll<number>().as('failed'))
      .where('state', '=', 'failed')
      .executeTakeFirstOrThrow();
    const daily = await db
      .selectFrom('tasks')
      .select((eb) => eb.fn.min('last_success_at').as('oldest'))
      .where('daily', '=', 1)
      .executeTakeFirst();
    return { running: this.running, enabled, failedTasks: Number(failed), oldestDailySuccessAt: daily?.oldest ?? null };
  }

  private async finish(task: TaskRow, runId: string, started: number, items: number, failure: Error | undefined): Promise<void> {
    const { store, config, log, alerts, stats } = this.deps;
    const now = Date.now();
    const duration = now - started;
    const final = failure !== undefined && task.attempts >= config.tasks.maxAttempts;
    await store.transaction(async (tx: Tx) => {
      const common = { lease_owner: null, lease_until: null, last_duration_ms: duration, last_items: items };
      const changes = !failure
        ? task.daily
          ? {
              ...common,
              state: 'pending' as const,
              run_at: this.nextRunOf(this.kinds.get(task.kind), now),
              attempts: 0,
              progress: null,
              items: 0,
              last_error: null,
              last_stack: null,
              last_success_at: now,
            }
          : {
              ...common,
              state: 'done' as const,
              finished_at: now,
              last_error: null,
              last_stack: null,
              last_success_at: now,
              ...(this.kinds.get(task.kind)?.forgetsTarget
                ? { target: null, dedup: `${task.kind}:${task.space_id}:${task.id}` }
                : { dedup: `${task.dedup}:${task.id}` }),
            }
        : final
          ? {
              ...common,
              state: 'failed' as const,
              last_error: failure.message.slice(0, 2000),
              last_stack: failure.stack?.slice(0, 8000) ?? null,
            }
          : {
              ...common,
              state: 'pending' as const,
              run_at: now + retryDelayMs(task.attempts),
              last_error: failure.message.slice(0, 2000),
              last_stack: failure.stack?.slice(0, 8000) ?? null,
            };
      const updated = await tx
        .updateTable('tasks')
        .set(changes)
        .where('space_id', '=', task.space_id)
        .where('id', '=', task.id)
        .where('lease_owner', '=', this.node)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) return;
      await tx
        .updateTable('task_runs')
        .set({ finished_at: now, items, result: failure ? 'error' : 'ok', error: failure ? failure.message.slice(0, 2000) : null })
        .where('space_id', '=', task.space_id)
        .where('task_id', '=', task.id)
        .where('id', '=', runId)
        .execute();
    });
    stats.run(task.kind, failure ? 'error' : 'ok', duration / 1000);
    if (!failure) return;
    if (!final) {
      log.warn({ task: task.id, kind: task.kind, attempt: task.attempts, err: failure }, 'task failed; it will be tried again');
      return;
    }
    log.error(
      { task: task.id, kind: task.kind, space: task.space_id, target: task.target, attempts: task.attempts, err: failure },
      'task failed for good: an operator must look at it',
    );
    await alerts.taskFailed(task, failure);
  }
}
