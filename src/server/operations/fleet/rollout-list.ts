import * as contracts from '../../../shared/operations/fleet.js';
import { ownerCodes } from '../../../tower/hosts.js';
import { rolloutSummary } from '../../../tower/rollouts.js';
import { defineOperation } from '../../pipeline/operation.js';

/** Operators: the latest rollouts, newest first, without their hosts (fleet.rollout.show gives those). */
export const listRollouts = defineOperation({
  ...contracts.listRollouts,
  access: { plane: 'operator' },
  effect: 'read',
  async run(input, { tx }) {
    const rows = await tx
      .selectFrom('fleet_rollouts')
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(input.limit ?? 50)
      .execute();
    const owners = await ownerCodes(
      tx,
      rows.map((r) => r.space_id),
    );
    return { rollouts: rows.map((row) => rolloutSummary(row, owners)) };
  },
});
