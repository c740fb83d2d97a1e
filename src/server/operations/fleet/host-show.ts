import * as contracts from '../../../shared/operations/fleet.js';
import { commandView, currentBatches, endedCommands, openCommands, waitingOf, whyPending } from '../../../tower/commands.js';
import { hostByName, viewHost } from '../../../tower/hosts.js';
import { defineOperation } from '../../pipeline/operation.js';

/** Operators: a host with its pending commands (each with why it waits), those its agent holds, and the last ones ended. */
export const showHost = defineOperation({
  ...contracts.showHost,
  access: { plane: 'operator' },
  effect: 'read',
  async run(input, { tx, now, config }) {
    const offlineAfterMs = config.fleet.offlineAfterSeconds * 1000;
    const host = await hostByName(tx, input.name);
    const open = await openCommands(tx, host.id);
    const held = open.filter((c) => c.state !== 'pending');
    const reason = whyPending(host, held.length > 0, now, offlineAfterMs);
    const batches = await currentBatches(tx, open);
    return {
      host: await viewHost(tx, host, now, offlineAfterMs),
      pending: open.filter((c) => c.state === 'pending').map((c) => commandView(c, host.name, waitingOf(c, reason, batches))),
      running: held.map((c) => commandView(c, host.name)),
      executed: (await endedCommands(tx, host.id, input.executed ?? 50)).map((c) => commandView(c, host.name)),
    };
  },
});
