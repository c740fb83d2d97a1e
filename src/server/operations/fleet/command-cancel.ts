import * as contracts from '../../../shared/operations/fleet.js';
import { commandById, commandView, defaultCancelGraceMs, requestCancel } from '../../../tower/commands.js';
import { defineOperation } from '../../pipeline/operation.js';
import { actorOf } from '../../pipeline/principal.js';
import { advanceRollout } from '../../../tower/rollouts.js';
import { requireCommandPermission } from '../../../tower/permissions.js';

/**
 * Operators (admin): cancels a command. A pending one ends at once; one an agent holds is
 * cancelled by the agent (it stops the work and confirms), or ends cancelled after graceSeconds.
 */
export const cancelCommand = defineOperation({
  ...contracts.cancelCommand,
  access: { plane: 'operator' },
  effect: 'write',
  audit: true,
  auditTarget: (input) => input.id,
  async run(input, { tx, now, principal, notify }) {
    const row = await commandById(tx, input.id);
    const host = await tx.selectFrom('fleet_hosts').selectAll().where('id', '=', row.host_id).executeTakeFirstOrThrow();
    await requireCommandPermission(tx, actorOf(principal).actor, row.app, host);
    const cancelled = await requestCancel(tx, row, now, (input.graceSeconds ?? defaultCancelGraceMs / 1000) * 1000);
    if (cancelled.state !== 'cancelled') notify({ spaceId: 0, fleetHost: host.id });
    // A rollout's deploy cancelled before delivery stops its rollout.
    else if (cancelled.rollout_id !== null) await advanceRollout(tx, cancelled.rollout_id, now);
    return commandView(cancelled, host.name);
  },
});
