import type { Selectable } from 'kysely';
import type { Tx } from '../store/database.js';
import type { FleetPermissionsTable } from '../store/schema.js';
import { siteSpaceId } from '../store/schema.js';
import { IlotError } from '../shared/errors.js';
import type { HostRow } from './hosts.js';

// Who may command which app on which hosts. A permission names an operator, an app, and hosts by
// label or by name within one fleet: the provider's, or one organization's. It never reaches the
// hosts of another fleet, whatever their labels.

export type PermissionRow = Selectable<FleetPermissionsTable>;

/** Whether a permission covers this host: same fleet, and the host has its label or its name. */
export function covers(permission: PermissionRow, host: HostRow): boolean {
  if (permission.space_id !== host.space_id) return false;
  return permission.selector_kind === 'name'
    ? permission.selector === host.name
    : (JSON.parse(host.labels) as string[]).includes(permission.selector);
}

/**
 * Refuses a command unless a permission of the operator covers the host for the app. A command
 * that names no app (inventory, os.update) acts on the host itself: any app's permission on the
 * host allows it.
 */
export async function requireCommandPermission(tx: Tx, operator: string, app: string | null, host: HostRow): Promise<void> {
  let query = tx.selectFrom('fleet_permissions').selectAll().where('operator', '=', operator).where('space_id', '=', host.space_id);
  if (app !== null) query = query.where('app', '=', app);
  const permissions = await query.execute();
  if (!permissions.some((p) => covers(p, host)))
    throw new IlotError('FLEET_COMMAND_FORBIDDEN', undefined, { host: host.name, ...(app === null ? {} : { app }) });
}

export function permissionView(row: PermissionRow, owners: Map<number, string>) {
  return {
    id: row.id,
    operator: row.operator,
    app: row.app,
    owner: row.space_id === siteSpaceId ? null : (owners.get(row.space_id) ?? null),
    hosts: row.selector_kind === 'name' ? { name: row.selector } : { label: row.selector },
    createdAt: row.created_at,
  };
}
