import * as contracts from '../../../shared/operations/tasks.js';
import { defineOperation } from '../../pipeline/operation.js';
import { setKindPaused } from '../../tasks/paused.js';

/** Operators (admin): tasks of a paused kind stay queued and are not taken until it is resumed. */
export const pauseTaskKind = defineOperation({
  ...contracts.pauseTaskKind,
  access: { plane: 'operator' },
  effect: 'write',
  audit: true,
  auditTarget: (input) => input.kind,
  async run(input, { tx }) {
    return { pausedKinds: await setKindPaused(tx, input.kind, true) };
  },
});
