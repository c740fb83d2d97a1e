import * as contracts from '../../../shared/operations/tasks.js';
import { defineOperation } from '../../pipeline/operation.js';
import { setKindPaused } from '../../tasks/paused.js';

/** Operators (admin): the queued tasks of the kind are taken again, starting now. */
export const resumeTaskKind = defineOperation({
  ...contracts.resumeTaskKind,
  access: { plane: 'operator' },
  effect: 'write',
  audit: true,
  auditTarget: (input) => input.kind,
  async run(input, { tx, wakeTasks }) {
    const paused = await setKindPaused(tx, input.kind, false);
    wakeTasks();
    return { pausedKinds: paused };
  },
});
