import { reapCommands } from '../../../tower/commands.js';
import { advanceRunningRollouts } from '../../../tower/rollouts.js';
import type { TaskKind } from '../task-kind.js';

/**
 * Every command of the fleet ends: every 30 seconds, commands not started before they expired or
 * running past their timeout end timed out, cancellations an agent did not confirm in time end
 * cancelled, and what a silent or revoked agent held ends lost (tower/commands.ts).
 */
export const fleetReaper: TaskKind = {
  kind: 'fleet.reaper',
  daily: true,
  everyMs: 30_000,
  summary: 'End the fleet commands that expired, overran, or were held by a silent agent',
  async run({ store, config, log }) {
    const ended = await store.transaction(async (tx) => {
      const now = Date.now();
      const count = await reapCommands(tx, now, config.fleet.offlineAfterSeconds * 1000);
      // A deploy it ended stops its rollout.
      if (count > 0) await advanceRunningRollouts(tx, now);
      return count;
    });
    if (ended > 0) log.info({ ended }, 'fleet commands ended by the reaper');
  },
};
