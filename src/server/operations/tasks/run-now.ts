import * as contracts from '../../../shared/operations/tasks.js';
import { changeTask, taskIn, taskView } from '../../../domain/task-queue.js';
import { defineOperation } from '../../pipeline/operation.js';
import { pausedKinds } from '../../tasks/paused.js';

/** Operators (admin): makes a pending task due now (a daily one runs now, then at its time again). */
export const runTaskNow = defineOperation({
  ...contracts.runTaskNow,
  access: { plane: 'operator' },
  effect: 'write',
  audit: true,
  auditTarget: (input) => input.id,
  async run(input, { tx, now, wakeTasks }) {
    const task = await taskIn(tx, input.id, 'pending');
    const changed = await changeTask(tx, task, { run_at: now });
    wakeTasks();
    return taskView(changed, await pausedKinds(tx));
  },
});
