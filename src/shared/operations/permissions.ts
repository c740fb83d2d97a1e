import { Type } from '@sinclair/typebox';
import { ScopedId } from '../ids.js';
import { Nullable } from '../protocol.js';
import { defineContract } from './contract.js';

// Contracts of the permission matrix of a space (PRODUCT.md J): the treasurer reads and edits which
// role holds which administrative permission, adds custom roles and gives them to accounts.

/** How many custom roles an account may hold. */
export const maxCustomRolesPerAccount = 5;

/** A custom role's name: lower-case letters, digits and dashes, starting with a letter. */
export const RoleName = (description = 'a role of the space') =>
  Type.String({ pattern: '^[a-z][a-z0-9-]{1,23}$', maxLength: 24, description });

/** A permission key as sent (the server answers PERMISSION_UNKNOWN for a key it does not know). */
const PermissionName = Type.String({ pattern: '^[a-zA-Z][a-zA-Z0-9.-]{0,39}$', maxLength: 40, description: 'a permission key' });

/** One role and one key: whether the role holds it, and whether that is the default or the space's choice. */
const MatrixCell = Type.Object({
  role: Type.String(),
  permission: Type.String(),
  allowed: Type.Boolean(),
  /** What the defaults say: `allowed` differs from it only when the space overrides it. */
  byDefault: Type.Boolean(),
  overridden: Type.Boolean(),
});

export const PermissionMatrixView = Type.Object({
  roles: Type.Array(Type.Object({ name: Type.String(), builtIn: Type.Boolean() })),
  permissions: Type.Array(
    Type.Object({
      key: Type.String(),
      description: Type.String(),
      scope: Type.Union([Type.Literal('space'), Type.Literal('partition')], {
        description: "partition: roles other than the treasurer's hold it in their own partition only",
      }),
      keptByTreasurer: Type.Boolean({ description: 'the treasurer can never lose it' }),
    }),
  ),
  cells: Type.Array(MatrixCell),
});

export const showPermissions = defineContract({
  name: 'permissions.show',
  summary: "Read the space's permission matrix: roles, keys with their descriptions, defaults and overrides",
  input: Type.Object({}, { additionalProperties: false }),
  output: PermissionMatrixView,
});

export const myPermissions = defineContract({
  name: 'permissions.mine',
  summary: 'The administrative keys the member holds, by its roles: those scoped by partition, in its own partition',
  input: Type.Object({}, { additionalProperties: false }),
  output: Type.Object({ permissions: Type.Array(Type.String({ description: 'a permission key' })) }),
});

export const setPermission = defineContract({
  name: 'permissions.set',
  summary: 'Override whether a role holds a permission in the space, or go back to the default (null)',
  input: Type.Object(
    {
      role: RoleName(),
      permission: PermissionName,
      allowed: Nullable(Type.Boolean({ description: 'null clears the override: the default applies again' })),
    },
    { additionalProperties: false },
  ),
  output: PermissionMatrixView,
});

export const addRole = defineContract({
  name: 'permissions.addRole',
  summary: 'Add a custom role to the space (it holds what `member` holds until overrides say more)',
  input: Type.Object({ name: RoleName('the new role') }, { additionalProperties: false }),
  output: PermissionMatrixView,
});

export const removeRole = defineContract({
  name: 'permissions.removeRole',
  summary: 'Remove a custom role that no account holds, with its overrides',
  input: Type.Object({ name: RoleName('the custom role') }, { additionalProperties: false }),
  output: PermissionMatrixView,
});

export const setAccountRoles = defineContract({
  name: 'permissions.setAccountRoles',
  summary: 'Set the custom roles of an account of the space (its treasurer and delegate roles stay as they are)',
  input: Type.Object(
    {
      accountId: ScopedId({ description: 'the account' }),
      roles: Type.Array(RoleName('a custom role'), { maxItems: maxCustomRolesPerAccount, uniqueItems: true }),
    },
    { additionalProperties: false },
  ),
  output: Type.Object({ accountId: Type.String(), roles: Type.Array(Type.String()) }),
});
