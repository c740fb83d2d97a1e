import * as contracts from '../../../shared/operations/tasks.js';
import { IlotError } from '../../../shared/errors.js';
import { changeTask, taskIn, taskView } from '../../../domain/task-queue.js';
import { defineOperation } from '../../pipeline/operation.js';
import { pausedKinds } from '../../tasks/paused.js';

/** Operators (admin): cancels a pending deferred task; its work will not be done. A daily task cannot be cancelled (pause its kind). */
export const cancelTask = defineOperation({
  ...contracts.cancelTask,
  access: { plane: 'operator' },
  effect: 'write',
  audit: true,
  auditTarget: (input) => input.id,
  async run(input, { tx, now }) {
    const task = await taskIn(tx, input.id, 'pending');
    if (task.daily) throw new IlotError('TASK_DAILY');
    // The same work may be queued again later: its key is freed.
    const changed = await changeTask(tx, task, { state: 'cancelled', finished_at: now, dedup: `${task.dedup}:${task.id}` });
    return taskView(changed, await pausedKinds(tx));
  },
});
