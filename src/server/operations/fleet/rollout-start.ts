import * as contracts from '../../../shared/operations/fleet.js';
import { IlotError } from '../../../shared/errors.js';
import { appByName, requireVersion } from '../../../tower/apps.js';
import { ownerSpaceOf } from '../../../tower/hosts.js';
import { queueRollout, rolloutView } from '../../../tower/rollouts.js';
import { defineOperation } from '../../pipeline/operation.js';
import { actorOf } from '../../pipeline/principal.js';

/**
 * Operators: deploys a version of an Ilot app on the hosts of a label, batch after batch
 * (tower/rollouts.ts), if a permission of the operator covers the app on each of them.
 */
export const startRollout = defineOperation({
  ...contracts.startRollout,
  access: { plane: 'operator' },
  effect: 'write',
  audit: true,
  auditTarget: (input) => `${input.app}@${input.version}`,
  async run(input, { tx, now, config, principal, notify, describe }) {
    const app = await appByName(tx, input.app);
    if (app.kind !== 'ilot') throw new IlotError('FLEET_APP_KIND');
    await requireVersion(tx, input.app, input.version);
    const { rollout, wake } = await queueRollout(
      tx,
      {
        app: input.app,
        version: input.version,
        label: input.label,
        spaceId: await ownerSpaceOf(tx, input.orgCode),
        maxUnavailable: input.maxUnavailable ?? 1,
        ...(input.readySeconds ? { readySeconds: input.readySeconds } : {}),
        ...(input.timeoutSeconds ? { timeoutSeconds: input.timeoutSeconds } : {}),
        issuedBy: actorOf(principal).actor,
      },
      now,
    );
    for (const host of wake) notify({ spaceId: 0, fleetHost: host });
    describe(`${input.app}@${input.version}`, { rollout: rollout.id, label: input.label, batches: rollout.batches });
    return rolloutView(tx, rollout, now, config.fleet.offlineAfterSeconds * 1000);
  },
});
