import * as contracts from '../../../shared/operations/fleet.js';
import { rolloutById, rolloutView } from '../../../tower/rollouts.js';
import { defineOperation } from '../../pipeline/operation.js';

/** Operators: a rollout with its batches, and per host its deploy (why it waits, if pending) and health. */
export const showRollout = defineOperation({
  ...contracts.showRollout,
  access: { plane: 'operator' },
  effect: 'read',
  async run(input, { tx, now, config }) {
    return rolloutView(tx, await rolloutById(tx, input.id), now, config.fleet.offlineAfterSeconds * 1000);
  },
});
