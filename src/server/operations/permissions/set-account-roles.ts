import { IlotError } from '../../../shared/errors.js';
import * as contracts from '../../../shared/operations/permissions.js';
import { rolesOf } from '../../../domain/accounts.js';
import { isBuiltInRole, matrixForChange } from '../../../domain/permissions.js';
import { defineOperation } from '../../pipeline/operation.js';

/**
 * Sets the custom roles of an account. Its built-in roles come with it (treasurer at the opening,
 * delegate by sponsorship) and stay. Takes turns with the removal of roles (`matrixForChange`), so
 * that no account is left holding a role the space no longer has.
 */
export const setAccountRoles = defineOperation({
  ...contracts.setAccountRoles,
  access: { plane: 'admin', permission: 'roles.assign' },
  effect: 'write',
  audit: true,
  async run({ accountId, roles }, { tx, spaceId, describe }) {
    describe(accountId, { roles });
    const builtIn = roles.find(isBuiltInRole);
    if (builtIn) throw new IlotError('ROLE_BUILT_IN', undefined, { role: builtIn });
    const matrix = await matrixForChange(tx, spaceId!);
    const unknown = roles.find((role) => !matrix.hasRole(role));
    if (unknown) throw new IlotError('ROLE_UNKNOWN', undefined, { role: unknown });
    const account = await tx
      .selectFrom('accounts')
      .select('roles')
      .where('space_id', '=', spaceId!)
      .where('id', '=', accountId)
      .executeTakeFirst();
    if (!account) throw new IlotError('ACCOUNT_NOT_FOUND');
    const held = rolesOf(account.roles);
    const kept = held.filter(isBuiltInRole);
    await tx
      .updateTable('accounts')
      .set({ roles: [...kept, ...roles].join(',') })
      .where('space_id', '=', spaceId!)
      .where('id', '=', accountId)
      .execute();
    describe(accountId, { before: { roles: held.filter((r) => !isBuiltInRole(r)) }, after: { roles } });
    return { accountId, roles: [...kept, ...roles] };
  },
});
