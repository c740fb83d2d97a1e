import type { OutputOf } from '../shared/operations/index.js';
import type { IlotClient } from './client.js';

// The permission matrix as the treasurer's console uses it: read it as a table (a row per key, a
// cell per role), change one cell, go back to the default, add or remove custom roles and give them
// to accounts. The server judges every change (lock-out guard, unknown keys and roles).

export type PermissionMatrix = OutputOf<'permissions.show'>;
export type PermissionCell = PermissionMatrix['cells'][number];

/** One key of the matrix with its cell for each role, in the order of `matrix.roles`. */
export interface PermissionRow {
  key: string;
  description: string;
  scope: PermissionMatrix['permissions'][number]['scope'];
  cells: (PermissionCell & {
    /** The treasurer's cell of a key it can never lose: the server refuses to change it. */
    locked: boolean;
  })[];
}

/** The matrix as an editable table. */
export function permissionRows(matrix: PermissionMatrix): PermissionRow[] {
  const cells = new Map(matrix.cells.map((c) => [`${c.role}\n${c.permission}`, c]));
  return matrix.permissions.map(({ key, description, scope, keptByTreasurer }) => ({
    key,
    description,
    scope,
    cells: matrix.roles.map(({ name }) => ({ ...cells.get(`${name}\n${key}`)!, locked: keptByTreasurer && name === 'treasurer' })),
  }));
}

/** Reads the space's matrix (permission `permissions.read`). */
export function readPermissions(client: IlotClient): Promise<PermissionMatrix> {
  return client.call('permissions.show', {});
}

/** The keys the signed-in member holds (those scoped by partition, in its own): what its console may show. */
export async function myPermissions(client: IlotClient): Promise<string[]> {
  return (await client.call('permissions.mine', {})).permissions;
}

/** Grants or withdraws a key from a role (true/false), or goes back to the default (null); answers the new matrix. */
export function setPermission(client: IlotClient, role: string, permission: string, allowed: boolean | null): Promise<PermissionMatrix> {
  return client.call('permissions.set', { role, permission, allowed });
}

/** Adds a custom role (it holds only what `member` holds until granted keys); answers the new matrix. */
export function addRole(client: IlotClient, name: string): Promise<PermissionMatrix> {
  return client.call('permissions.addRole', { name });
}

/** Removes a custom role that no account holds, with its overrides; answers the new matrix. */
export function removeRole(client: IlotClient, name: string): Promise<PermissionMatrix> {
  return client.call('permissions.removeRole', { name });
}

/** Sets the custom roles of an account (its treasurer and delegate roles stay); answers all its roles. */
export async function setAccountRoles(client: IlotClient, accountId: string, roles: string[]): Promise<string[]> {
  return (await client.call('permissions.setAccountRoles', { accountId, roles })).roles;
}
