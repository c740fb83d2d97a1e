import { randomBytes } from 'node:crypto';
import type { Tx } from '../store/database.js';
import { siteSpaceId, type TasksTable } from '../store/schema.js';

/** A task id: time-ordered, then random. */
export function newTaskId(now = Date.now()): string {
  return `${now.toString(36).padStart(9, '0')}${randomBytes(8).toString('hex').slice(0, 15)}`;
}

export interface DeferredTask {
  kind: string;
  /** The space it works on (default: the site). */
  spaceId?: number;
  target?: string | null;
  /** When it may start (default: at once). */
  runAt?: number;
}

export const dedupOf = (kind: string, spaceId: number, target: string | null) => `${kind}:${spaceId}:${target ?? ''}`;

/**
 * Queues a task inside the caller's transaction: it exists if and only if the caller commits. The
 * same work (kind, space, target) is queued once while it has not finished.
 */
export async function deferTask(tx: Tx, task: DeferredTask, now = Date.now()): Promise<void> {
  await deferTasks(tx, [task], now);
}

/** Queues several tasks in one statement (see `deferTask`). */
export async function deferTasks(tx: Tx, tasks: DeferredTask[], now = Date.now()): Promise<void> {
  if (tasks.length === 0) return;
  const rows = tasks.map((task) => {
    const spaceId = task.spaceId ?? siteSpaceId;
    const target = task.target ?? null;
    return newTaskRow({ space_id: spaceId, kind: task.kind, target, dedup: dedupOf(task.kind, spaceId, target), daily: 0, run_at: task.runAt ?? now }, now);
  });
  await tx
    .insertInto('tasks')
    .values(rows)
    .onConflict((conflict) => conflict.column('dedup').doNothing())
    .execute();
}

/** A new pending task row: the given fields, nothing run yet. */
export function newTaskRow(fields: Pick<TasksTable, 'space_id' | 'kind' | 'target' | 'dedup' | 'daily' | 'run_at'>, now: number): TasksTable {
  return {
    ...fields,
    id: newTaskId(now),
    state: 'pending',
    lease_owner: null,
    lease_until: null,
    attempts: 0,
    progress: null,
    items: 0,
    last_run_at: null,
    last_duration_ms: null,
    last_items: null,
    last_error: null,
    last_stack: null,
    last_success_at: null,
    created_at: now,
    finished_at: null,
  };
}
