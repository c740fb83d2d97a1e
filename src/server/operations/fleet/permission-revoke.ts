import * as contracts from '../../../shared/operations/fleet.js';
import { IlotError } from '../../../shared/errors.js';
import { ownerCodes } from '../../../tower/hosts.js';
import { permissionView } from '../../../tower/permissions.js';
import { defineOperation } from '../../pipeline/operation.js';

/** Operators (admin): withdraws a fleet permission; commands already issued under it run on. */
export const revokePermission = defineOperation({
  ...contracts.revokePermission,
  access: { plane: 'operator' },
  effect: 'write',
  audit: true,
  auditTarget: (input) => input.id,
  async run(input, { tx }) {
    const row = await tx.selectFrom('fleet_permissions').selectAll().where('id', '=', input.id).executeTakeFirst();
    if (!row) throw new IlotError('FLEET_PERMISSION_NOT_FOUND');
    await tx.deleteFrom('fleet_permissions').where('id', '=', input.id).execute();
    return permissionView(row, await ownerCodes(tx, [row.space_id]));
  },
});
