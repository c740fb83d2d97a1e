import * as contracts from '../../../shared/operations/tasks.js';
import { changeTask, taskIn, taskView } from '../../../domain/task-queue.js';
import { defineOperation } from '../../pipeline/operation.js';
import { pausedKinds } from '../../tasks/paused.js';

/** Operators (admin): runs a failed task again, from where it stopped, with a fresh series of attempts. */
export const retryTask = defineOperation({
  ...contracts.retryTask,
  access: { plane: 'operator' },
  effect: 'write',
  audit: true,
  auditTarget: (input) => input.id,
  async run(input, { tx, now, wakeTasks }) {
    const task = await taskIn(tx, input.id, 'failed');
    const changed = await changeTask(tx, task, { state: 'pending', run_at: now, attempts: 0 });
    wakeTasks();
    return taskView(changed, await pausedKinds(tx));
  },
});
