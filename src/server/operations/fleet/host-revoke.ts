import * as contracts from '../../../shared/operations/fleet.js';
import { hostByName, viewHost } from '../../../tower/hosts.js';
import { defineOperation } from '../../pipeline/operation.js';

/** Operators (admin): revokes a host's agent credential at once; the commands its agent held end lost at the reaper's next pass. */
export const revokeHost = defineOperation({
  ...contracts.revokeHost,
  access: { plane: 'operator' },
  effect: 'write',
  audit: true,
  auditTarget: (input) => input.name,
  async run(input, { tx, now, config }) {
    const host = await hostByName(tx, input.name);
    const revoked = { ...host, revoked_at: host.revoked_at ?? now, enrol_token_hash: null, enrol_expires_at: null };
    await tx
      .updateTable('fleet_hosts')
      .set({ revoked_at: revoked.revoked_at, enrol_token_hash: null, enrol_expires_at: null })
      .where('id', '=', host.id)
      .execute();
    return viewHost(tx, revoked, now, config.fleet.offlineAfterSeconds * 1000);
  },
});
