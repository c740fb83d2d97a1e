import { randomBytes } from 'node:crypto';
import type { Static } from '@sinclair/typebox';
import type { Selectable } from 'kysely';
import { IlotError } from '../shared/errors.js';
import type { TaskView } from '../shared/operations/tasks.js';
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
    return newTaskRow(
      { space_id: spaceId, kind: task.kind, target, dedup: dedupOf(task.kind, spaceId, target), daily: 0, run_at: task.runAt ?? now },
      now,
    );
  });
  await tx
    .insertInto('tasks')
    .values(rows)
    .onConflict((conflict) => conflict.column('dedup').doNothing())
    .execute();
}

/** A new pending task row: the given fields, nothing run yet. */
export function newTaskRow(
  fields: Pick<TasksTable, 'space_id' | 'kind' | 'target' | 'dedup' | 'daily' | 'run_at'>,
  now: number,
): TasksTable {
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

export type TaskRow = Selectable<TasksTable>;

const notInState = { pending: 'TASK_NOT_PENDING', failed: 'TASK_NOT_FAILED' } as const;

/** A task an operator acts on, which the action wants in a given state: TASK_NOT_FOUND, or TASK_NOT_PENDING / TASK_NOT_FAILED otherwise. */
export async function taskIn(tx: Tx, id: string, state: keyof typeof notInState): Promise<TaskRow> {
  const task = await tx.selectFrom('tasks').selectAll().where('id', '=', id).executeTakeFirst();
  if (!task) throw new IlotError('TASK_NOT_FOUND');
  if (task.state !== state) throw new IlotError(notInState[state], undefined, { state: task.state });
  return task;
}

/** Applies an operator's change to a task; returns the task as it now is. */
export async function changeTask(tx: Tx, task: TaskRow, changes: Partial<TaskRow>): Promise<TaskRow> {
  await tx.updateTable('tasks').set(changes).where('space_id', '=', task.space_id).where('id', '=', task.id).execute();
  return { ...task, ...changes };
}

/** What operators see of a task, `paused` the kinds an operator paused. */
export function taskView(row: TaskRow, paused: string[]): Static<typeof TaskView> {
  return {
    id: row.id,
    kind: row.kind,
    spaceId: row.space_id,
    target: row.target,
    daily: row.daily === 1,
    state: row.state,
    paused: paused.includes(row.kind),
    nextRunAt: row.state === 'pending' ? row.run_at : null,
    attempts: row.attempts,
    items: row.items,
    lastRunAt: row.last_run_at,
    lastDurationMs: row.last_duration_ms,
    lastItems: row.last_items,
    lastError: row.last_error,
    lastStack: row.last_stack,
    lastSuccessAt: row.last_success_at,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  };
}
