import * as contracts from '../../../shared/operations/fleet.js';
import { IlotError } from '../../../shared/errors.js';
import { agentCommands, applyReport, deliverCommands } from '../../../tower/commands.js';
import { defineOperation } from '../../pipeline/operation.js';

/**
 * An agent's message: accepted once (its counter must exceed every one before: a replay is
 * refused), it records the agent's contact, version and facts, then each result, and answers with
 * the commands to run and those to cancel. A report on a command the host was never given refuses
 * the whole message: nothing of it is recorded.
 */
export const agentExchange = defineOperation({
  ...contracts.agentExchange,
  access: { plane: 'agent' },
  effect: 'write',
  async run(input, { tx, agentHost, now }) {
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
    for (const report of input.reports) await applyReport(tx, agentHost, report, now);
    const { commands, cancel } = await deliverCommands(tx, agentHost, now);
    return { commands: await agentCommands(tx, commands), cancel };
  },
});
