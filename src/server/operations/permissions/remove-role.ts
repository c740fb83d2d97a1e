import { IlotError } from '../../../shared/errors.js';
import * as contracts from '../../../shared/operations/permissions.js';
import { accountsWithRole, bumpMatrixVersion, isBuiltInRole, matrixForChange, matrixView } from '../../../domain/permissions.js';
import { defineOperation } from '../../pipeline/operation.js';

/** Removes a custom role, with its overrides, once no account holds it. */
export const removeRole = defineOperation({
  ...contracts.removeRole,
  access: { plane: 'admin', permission: 'permissions.edit' },
  effect: 'write',
  audit: true,
  async run({ name }, { tx, spaceId, describe }) {
    describe(name);
    if (isBuiltInRole(name)) throw new IlotError('ROLE_BUILT_IN', undefined, { role: name });
    const matrix = await matrixForChange(tx, spaceId!);
    if (!matrix.hasRole(name)) throw new IlotError('ROLE_UNKNOWN', undefined, { role: name });
    const holders = await accountsWithRole(tx, spaceId!, name);
    if (holders.length > 0) throw new IlotError('ROLE_IN_USE', undefined, { role: name, accounts: holders.length });
    const changed = matrix.withoutRole(name);
    await tx.deleteFrom('permission_overrides').where('space_id', '=', spaceId!).where('role', '=', name).execute();
    await tx.deleteFrom('custom_roles').where('space_id', '=', spaceId!).where('name', '=', name).execute();
    await bumpMatrixVersion(tx, spaceId!);
    describe(name, {
      before: { roles: matrix.customRoles, overrides: matrix.overrides.filter((o) => o.role === name) },
      after: { roles: changed.customRoles },
    });
    return matrixView(changed);
  },
});
