import { Type, type Static } from '@sinclair/typebox';
import type { Selectable } from 'kysely';
import { IlotError } from '../../../shared/errors.js';
import { Nullable } from '../../../shared/protocol.js';
import type { Tx } from '../../../store/database.js';
import type { TasksTable } from '../../../store/schema.js';
import { defineOperation } from '../../pipeline/operation.js';
import { taskKinds } from '../../tasks/kinds/index.js';
import { pausedKinds, setPausedKinds } from '../../tasks/paused.js';

const TaskId = () => Type.String({ pattern: '^[0-9a-z]{24}$', description: 'task id' });
const states = ['pending', 'running', 'done', 'failed', 'cancelled'] as const;

const TaskView = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  spaceId: Type.Integer({ description: '0 for site-wide tasks' }),
  target: Nullable(Type.String()),
  daily: Type.Boolean(),
  state: Type.Union(states.map((s) => Type.Literal(s))),
  paused: Type.Boolean({ description: 'its kind is paused' }),
  nextRunAt: Nullable(Type.Integer({ description: 'when a pending task is due' })),
  attempts: Type.Integer(),
  items: Type.Integer({ description: 'items processed by the current series of runs' }),
  lastRunAt: Nullable(Type.Integer()),
  lastDurationMs: Nullable(Type.Integer()),
  lastItems: Nullable(Type.Integer()),
  lastError: Nullable(Type.String()),
  lastStack: Nullable(Type.String()),
  lastSuccessAt: Nullable(Type.Integer()),
  createdAt: Type.Integer(),
  finishedAt: Nullable(Type.Integer()),
});

function view(row: Selectable<TasksTable>, paused: string[]): Static<typeof TaskView> {
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

async function taskById(tx: Tx, id: string) {
  const row = await tx.selectFrom('tasks').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new IlotError('TASK_NOT_FOUND');
  return row;
}

/** Operators: tasks, failed first, then by next run; filters and cursor paging. */
export const listTasks = defineOperation({
  name: 'tasks.list',
  summary: 'List tasks with their state, runs and errors',
  access: { plane: 'operator' },
  effect: 'read',
  input: Type.Object(
    {
      kind: Type.Optional(Type.String({ maxLength: 40 })),
      state: Type.Optional(Type.Union(states.map((s) => Type.Literal(s)))),
      spaceId: Type.Optional(Type.Integer({ minimum: 0, maximum: 89 })),
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
      after: Type.Optional(TaskId()),
    },
    { additionalProperties: false },
  ),
  output: Type.Object({ tasks: Type.Array(TaskView), pausedKinds: Type.Array(Type.String()), kinds: Type.Array(Type.Object({ kind: Type.String(), daily: Type.Boolean(), summary: Type.String() })), next: Nullable(Type.String()) }),
  async run(input, { tx }) {
    const limit = input.limit ?? 100;
    let query = tx.selectFrom('tasks').selectAll().orderBy('id').limit(limit + 1);
    if (input.kind) query = query.where('kind', '=', input.kind);
    if (input.state) query = query.where('state', '=', input.state);
    if (input.spaceId !== undefined) query = query.where('space_id', '=', input.spaceId);
    if (input.after) query = query.where('id', '>', input.after);
    const rows = await query.execute();
    const paused = await pausedKinds(tx);
    const page = rows.slice(0, limit);
    return {
      tasks: page.map((r) => view(r, paused)),
      pausedKinds: paused,
      kinds: taskKinds.map(({ kind, daily, summary }) => ({ kind, daily, summary })),
      next: rows.length > limit ? page[page.length - 1]!.id : null,
    };
  },
});

/**
 * An operator's change to one task: audited, answered with the task as it now is. `change` holds
 * the action's own rule (which states it applies to) and the columns it sets.
 */
function taskChange(name: string, summary: string, change: (row: Selectable<TasksTable>, now: number) => Partial<Selectable<TasksTable>>, wake: boolean) {
  return defineOperation({
    name,
    summary,
    access: { plane: 'operator' },
    effect: 'write',
    audit: true,
    auditTarget: (input) => input.id,
    input: Type.Object({ id: TaskId() }, { additionalProperties: false }),
    output: TaskView,
    async run(input, { tx, now, wakeTasks }) {
      const row = await taskById(tx, input.id);
      const changes = change(row, now);
      await tx.updateTable('tasks').set(changes).where('space_id', '=', row.space_id).where('id', '=', row.id).execute();
      if (wake) wakeTasks();
      return view({ ...row, ...changes }, await pausedKinds(tx));
    },
  });
}

/** Operators (admin): makes a pending task due now (a daily one runs now, then at its time again). */
export const runTaskNow = taskChange(
  'tasks.runNow',
  'Run a pending task now',
  (row, now) => {
    if (row.state !== 'pending') throw new IlotError('TASK_NOT_PENDING', undefined, { state: row.state });
    return { run_at: now };
  },
  true,
);

/** Operators (admin): runs a failed task again, from where it stopped, with a fresh series of attempts. */
export const retryTask = taskChange(
  'tasks.retry',
  'Retry a failed task',
  (row, now) => {
    if (row.state !== 'failed') throw new IlotError('TASK_NOT_FAILED', undefined, { state: row.state });
    return { state: 'pending', run_at: now, attempts: 0 };
  },
  true,
);

/** Operators (admin): cancels a pending deferred task; its work will not be done. */
export const cancelTask = taskChange(
  'tasks.cancel',
  'Cancel a pending task',
  (row, now) => {
    if (row.state !== 'pending') throw new IlotError('TASK_NOT_PENDING', undefined, { state: row.state });
    if (row.daily) throw new IlotError('TASK_DAILY');
    // The same work may be queued again later: its key is freed.
    return { state: 'cancelled', finished_at: now, dedup: `${row.dedup}:${row.id}` };
  },
  false,
);

const ByKind = Type.Object({ kind: Type.String({ maxLength: 40 }) }, { additionalProperties: false });

function pauseChange(name: string, summary: string, paused: boolean) {
  return defineOperation({
    name,
    summary,
    access: { plane: 'operator' },
    effect: 'write',
    audit: true,
    auditTarget: (input) => input.kind,
    input: ByKind,
    output: Type.Object({ pausedKinds: Type.Array(Type.String()) }),
    async run(input, { tx, wakeTasks }) {
      if (!taskKinds.some((k) => k.kind === input.kind)) throw new IlotError('TASK_KIND_UNKNOWN', undefined, { known: taskKinds.map((k) => k.kind) });
      const current = await pausedKinds(tx);
      const next = paused ? [...current, input.kind] : current.filter((k) => k !== input.kind);
      await setPausedKinds(tx, next);
      if (!paused) wakeTasks();
      return { pausedKinds: await pausedKinds(tx) };
    },
  });
}

/** Operators (admin): tasks of a paused kind stay queued and are not taken until it is resumed. */
export const pauseTaskKind = pauseChange('tasks.pause', 'Pause a kind of task', true);
export const resumeTaskKind = pauseChange('tasks.resume', 'Resume a paused kind of task', false);
