import { IlotError } from '../../../shared/errors.js';
import * as contracts from '../../../shared/operations/permissions.js';
import { bumpMatrixVersion, matrixForChange, matrixView, maxCustomRoles } from '../../../domain/permissions.js';
import { defineOperation } from '../../pipeline/operation.js';

/** Adds a custom role to the space: it holds nothing of its own until overrides grant it keys. */
export const addRole = defineOperation({
  ...contracts.addRole,
  access: { plane: 'admin', permission: 'permissions.edit' },
  effect: 'write',
  audit: true,
  async run({ name }, { tx, spaceId, now, describe }) {
    describe(name);
    const matrix = await matrixForChange(tx, spaceId!);
    if (matrix.hasRole(name)) throw new IlotError('ROLE_EXISTS', undefined, { role: name });
    if (matrix.customRoles.length >= maxCustomRoles) throw new IlotError('ROLES_TOO_MANY', undefined, { limit: maxCustomRoles });
    const changed = matrix.withRole(name);
    await tx.insertInto('custom_roles').values({ space_id: spaceId!, name, created_at: now }).execute();
    await bumpMatrixVersion(tx, spaceId!);
    describe(name, { before: { roles: matrix.customRoles }, after: { roles: changed.customRoles } });
    return matrixView(changed);
  },
});
