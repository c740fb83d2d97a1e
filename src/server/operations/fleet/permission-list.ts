import * as contracts from '../../../shared/operations/fleet.js';
import { ownerCodes } from '../../../tower/hosts.js';
import { permissionView } from '../../../tower/permissions.js';
import { defineOperation } from '../../pipeline/operation.js';

/** Operators: who may command which app on which hosts. */
export const listPermissions = defineOperation({
  ...contracts.listPermissions,
  access: { plane: 'operator' },
  effect: 'read',
  async run(_input, { tx }) {
    const rows = await tx.selectFrom('fleet_permissions').selectAll().orderBy('operator').orderBy('app').orderBy('id').execute();
    const owners = await ownerCodes(
      tx,
      rows.map((r) => r.space_id),
    );
    return { permissions: rows.map((row) => permissionView(row, owners)) };
  },
});
