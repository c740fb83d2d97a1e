import * as contracts from '../../../shared/operations/tasks.js';
import { taskView } from '../../../domain/task-queue.js';
import { defineOperation } from '../../pipeline/operation.js';
import { taskKinds } from '../../tasks/kinds/index.js';
import { pausedKinds } from '../../tasks/paused.js';

/** Operators: tasks by id (so by creation), filtered, a page at a time (cursor = the last id seen), with the kinds the engine knows. */
export const listTasks = defineOperation({
  ...contracts.listTasks,
  access: { plane: 'operator' },
  effect: 'read',
  async run(input, { tx }) {
    const limit = input.limit ?? 100;
    let query = tx
      .selectFrom('tasks')
      .selectAll()
      .orderBy('id')
      .limit(limit + 1);
    if (input.kind) query = query.where('kind', '=', input.kind);
    if (input.state) query = query.where('state', '=', input.state);
    if (input.spaceId !== undefined) query = query.where('space_id', '=', input.spaceId);
    if (input.after) query = query.where('id', '>', input.after);
    const rows = await query.execute();
    const paused = await pausedKinds(tx);
    const page = rows.slice(0, limit);
    return {
      tasks: page.map((r) => taskView(r, paused)),
      pausedKinds: paused,
      kinds: taskKinds.map(({ kind, daily, summary }) => ({ kind, daily, summary })),
      next: rows.length > limit ? page[page.length - 1]!.id : null,
    };
  },
});
