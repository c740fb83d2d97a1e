import { Type } from '@sinclair/typebox';
import { Count, SpaceNumber } from '../integers.js';
import { Nullable } from '../protocol.js';
import { defineContract } from './contract.js';

// Contracts of the tasks operations (see contract.ts): operators watch and steer the task queue.

const TaskId = () => Type.String({ pattern: '^[0-9a-z]{24}$', description: 'task id' });
const TaskState = () =>
  Type.Union([Type.Literal('pending'), Type.Literal('running'), Type.Literal('done'), Type.Literal('failed'), Type.Literal('cancelled')]);

/** A task as operators see it: its state, its last run and its error. */
export const TaskView = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  spaceId: Type.Integer({ description: '0 for site-wide tasks' }),
  target: Nullable(Type.String()),
  daily: Type.Boolean(),
  state: TaskState(),
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

export const listTasks = defineContract({
  name: 'tasks.list',
  summary: 'List tasks with their state, runs and errors',
  input: Type.Object(
    {
      kind: Type.Optional(Type.String({ maxLength: 40 })),
      state: Type.Optional(TaskState()),
      spaceId: Type.Optional(SpaceNumber()),
      limit: Type.Optional(Count(500, { minimum: 1, default: 100 })),
      after: Type.Optional(TaskId()),
    },
    { additionalProperties: false },
  ),
  output: Type.Object({
    tasks: Type.Array(TaskView),
    pausedKinds: Type.Array(Type.String()),
    kinds: Type.Array(Type.Object({ kind: Type.String(), daily: Type.Boolean(), summary: Type.String() })),
    next: Nullable(Type.String()),
  }),
});

const ById = Type.Object({ id: TaskId() }, { additionalProperties: false });

export const runTaskNow = defineContract({ name: 'tasks.runNow', summary: 'Run a pending task now', input: ById, output: TaskView });
export const retryTask = defineContract({ name: 'tasks.retry', summary: 'Retry a failed task', input: ById, output: TaskView });
export const cancelTask = defineContract({ name: 'tasks.cancel', summary: 'Cancel a pending task', input: ById, output: TaskView });

const ByKind = Type.Object({ kind: Type.String({ maxLength: 40 }) }, { additionalProperties: false });
const PausedKinds = Type.Object({ pausedKinds: Type.Array(Type.String()) });

export const pauseTaskKind = defineContract({ name: 'tasks.pause', summary: 'Pause a kind of task', input: ByKind, output: PausedKinds });
export const resumeTaskKind = defineContract({
  name: 'tasks.resume',
  summary: 'Resume a paused kind of task',
  input: ByKind,
  output: PausedKinds,
});
