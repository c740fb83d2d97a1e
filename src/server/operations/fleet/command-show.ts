import * as contracts from '../../../shared/operations/fleet.js';
import { commandById, commandView, currentBatches, hostIsBusy, waitingOf, whyPending } from '../../../tower/commands.js';
import { defineOperation } from '../../pipeline/operation.js';

/** Operators: a command with its state, result, and why it waits if it is pending. */
export const showCommand = defineOperation({
  ...contracts.showCommand,
  access: { plane: 'operator' },
  effect: 'read',
  async run(input, { tx, now, config }) {
    const row = await commandById(tx, input.id);
    const host = await tx.selectFrom('fleet_hosts').selectAll().where('id', '=', row.host_id).executeTakeFirstOrThrow();
    const reason =
      row.state === 'pending' ? whyPending(host, await hostIsBusy(tx, host.id), now, config.fleet.offlineAfterSeconds * 1000) : null;
    return commandView(row, host.name, waitingOf(row, reason, await currentBatches(tx, [row])));
  },
});
