import * as contracts from '../../../shared/operations/fleet.js';
import { IlotError } from '../../../shared/errors.js';
import { defaultCancelGraceMs, requestCancel } from '../../../tower/commands.js';
import { rolloutById, rolloutView, stopRollout } from '../../../tower/rollouts.js';
import { requireCommandPermission } from '../../../tower/permissions.js';
import { defineOperation } from '../../pipeline/operation.js';
import { actorOf } from '../../pipeline/principal.js';

/** Operators: stops a running rollout; its pending deploys are cancelled, and those running are undone on their hosts. */
export const cancelRollout = defineOperation({
  ...contracts.cancelRollout,
  access: { plane: 'operator' },
  effect: 'write',
  audit: true,
  auditTarget: (input) => input.id,
  async run(input, { tx, now, config, principal, notify }) {
    const rollout = await rolloutById(tx, input.id);
    if (rollout.state !== 'running') throw new IlotError('FLEET_ROLLOUT_ENDED', undefined, { state: rollout.state });
    const operator = actorOf(principal).actor;
    const hosts = await tx
      .selectFrom('fleet_hosts')
      .selectAll()
      .where('id', 'in', tx.selectFrom('fleet_commands').select('host_id').where('rollout_id', '=', rollout.id))
      .execute();
    for (const host of hosts) await requireCommandPermission(tx, operator, rollout.app, host);
    const stopped = await stopRollout(tx, rollout, 'cancelled', `cancelled by ${operator}`, now);
    // Deploys an agent holds are cancelled too: it puts its host back on the version it ran.
    const held = await tx
      .selectFrom('fleet_commands')
      .selectAll()
      .where('rollout_id', '=', rollout.id)
      .where('state', 'in', ['delivered', 'running'])
      .execute();
    for (const row of held) {
      await requestCancel(tx, row, now, defaultCancelGraceMs);
      notify({ spaceId: 0, fleetHost: row.host_id });
    }
    return rolloutView(tx, stopped, now, config.fleet.offlineAfterSeconds * 1000);
  },
});
