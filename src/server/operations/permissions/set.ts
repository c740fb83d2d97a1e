import { IlotError } from '../../../shared/errors.js';
import * as contracts from '../../../shared/operations/permissions.js';
import { bumpMatrixVersion, guardTreasurer, isPermissionKey, matrixForChange, matrixView } from '../../../domain/permissions.js';
import { defineOperation } from '../../pipeline/operation.js';

/**
 * Overrides whether a role holds a permission key in the space, or clears the override (null) so
 * that the default applies again. The lock-out guard judges the matrix the change would leave.
 */
export const setPermission = defineOperation({
  ...contracts.setPermission,
  access: { plane: 'admin', permission: 'permissions.edit' },
  effect: 'write',
  audit: true,
  async run({ role, permission, allowed }, { tx, spaceId, describe }) {
    const target = `${role}:${permission}`;
    describe(target, { allowed });
    if (!isPermissionKey(permission)) throw new IlotError('PERMISSION_UNKNOWN', undefined, { permission });
    const matrix = await matrixForChange(tx, spaceId!);
    if (!matrix.hasRole(role)) throw new IlotError('ROLE_UNKNOWN', undefined, { role });
    const changed = matrix.withOverride(role, permission, allowed);
    await guardTreasurer(tx, spaceId!, changed);
    const stateOf = (m: typeof matrix) => ({ allowed: m.grants(role, permission), overridden: m.isOverridden(role, permission) });
    describe(target, { before: stateOf(matrix), after: stateOf(changed) });
    const cell = tx
      .deleteFrom('permission_overrides')
      .where('space_id', '=', spaceId!)
      .where('role', '=', role)
      .where('permission', '=', permission);
    if (allowed === null) await cell.execute();
    else
      await tx
        .insertInto('permission_overrides')
        .values({ space_id: spaceId!, role, permission, allowed: allowed ? 1 : 0 })
        .onConflict((c) => c.columns(['space_id', 'role', 'permission']).doUpdateSet({ allowed: allowed ? 1 : 0 }))
        .execute();
    await bumpMatrixVersion(tx, spaceId!);
    return matrixView(changed);
  },
});
