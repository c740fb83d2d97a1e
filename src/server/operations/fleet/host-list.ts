import * as contracts from '../../../shared/operations/fleet.js';
import { deployedVersions, hostView, ownerCodes, ownerSpaceOf } from '../../../tower/hosts.js';
import { defineOperation } from '../../pipeline/operation.js';

/** Operators: the hosts of the fleet (of one organization's fleet, given its org code), by name. */
export const listHosts = defineOperation({
  ...contracts.listHosts,
  access: { plane: 'operator' },
  effect: 'read',
  async run(input, { tx, now, config }) {
    let query = tx.selectFrom('fleet_hosts').selectAll().orderBy('name');
    if (input.orgCode !== undefined) query = query.where('space_id', '=', await ownerSpaceOf(tx, input.orgCode));
    const hosts = await query.execute();
    const owners = await ownerCodes(
      tx,
      hosts.map((h) => h.space_id),
    );
    const deployed = await deployedVersions(
      tx,
      hosts.map((h) => h.id),
    );
    return { hosts: hosts.map((host) => hostView(host, owners, deployed, now, config.fleet.offlineAfterSeconds * 1000)) };
  },
});
