import * as contracts from '../../../shared/operations/fleet.js';
import { appByName } from '../../../tower/apps.js';
import { newFleetId, ownerCodes, ownerSpaceOf } from '../../../tower/hosts.js';
import { permissionView, type PermissionRow } from '../../../tower/permissions.js';
import { defineOperation } from '../../pipeline/operation.js';

/** Operators (admin): lets an operator command an app on hosts of a label or a name, in one fleet; granting twice gives the same permission. */
export const grantPermission = defineOperation({
  ...contracts.grantPermission,
  access: { plane: 'operator' },
  effect: 'write',
  audit: true,
  auditTarget: (input) => input.operator,
  async run(input, { tx, now, describe }) {
    await appByName(tx, input.app);
    const owner = await ownerSpaceOf(tx, input.orgCode);
    const selector =
      'name' in input.hosts
        ? { selector_kind: 'name' as const, selector: input.hosts.name }
        : { selector_kind: 'label' as const, selector: input.hosts.label };
    const existing = await tx
      .selectFrom('fleet_permissions')
      .selectAll()
      .where('operator', '=', input.operator)
      .where('app', '=', input.app)
      .where('space_id', '=', owner)
      .where('selector_kind', '=', selector.selector_kind)
      .where('selector', '=', selector.selector)
      .executeTakeFirst();
    const row: PermissionRow = existing ?? {
      id: newFleetId(),
      operator: input.operator,
      app: input.app,
      space_id: owner,
      ...selector,
      created_at: now,
    };
    if (!existing) await tx.insertInto('fleet_permissions').values(row).execute();
    describe(input.operator, { id: row.id, app: input.app, hosts: input.hosts, ...(input.orgCode ? { orgCode: input.orgCode } : {}) });
    return permissionView(row, await ownerCodes(tx, [owner]));
  },
});
