import * as contracts from '../../../shared/operations/fleet.js';
import { IlotError } from '../../../shared/errors.js';
import { agentCommands, applyReport, deliverCommands } from '../../../tower/commands.js';
import { advanceRollout } from '../../../tower/rollouts.js';
import { defineOperation } from '../../pipeline/operation.js';

/**
 * An agent's message: accepted once (its counter must exceed every one before: a replay is
 * refused), it records the agent's contact, version and facts, then each result, and answers with
 * the commands to run and those to cancel. A report on a command the host was never given refuses
 * the whole message: nothing of it is recorded. A result that ends a rollout's deploy moves the
 * rollout on.
 */
export const agentExchange = defineOperation({
  ...contracts.agentExchange,
  access: { plane: 'agent' },
  effect: 'write',
  async run(input, { tx, agentHost, now, notify }) {
    const accepted = await tx
      .updateTable('fleet_hosts')
      .set({
        last_seq: input.seq,
        last_contact_at: now,
        agent_version: input.version,
        ...(input.inventory ? { inventory: JSON.stringify(input.inventory) } : {}),
      })
      .where('id', '=', agentHost)
      .where('last_seq', '<', input.seq)
      .executeTakeFirst();
    if (Number(accepted.numUpdatedRows) !== 1) throw new IlotError('AGENT_MESSAGE_REPLAYED');
    const rollouts = new Set<string>();
    for (const report of input.reports) {
      const rollout = await applyReport(tx, agentHost, report, now);
      if (rollout !== null) rollouts.add(rollout);
    }
    // A deploy of a rollout ended: the next batch's agents are woken if it opened.
    for (const rollout of rollouts) for (const host of await advanceRollout(tx, rollout, now)) notify({ spaceId: 0, fleetHost: host });
    const { commands, cancel } = await deliverCommands(tx, agentHost, now);
    return { commands: await agentCommands(tx, commands), cancel };
  },
});
