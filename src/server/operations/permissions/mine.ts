import * as contracts from '../../../shared/operations/permissions.js';
import { loadMatrix, permissionKeys } from '../../../domain/permissions.js';
import { defineOperation } from '../../pipeline/operation.js';

/**
 * The keys the member holds, as the pipeline would judge its requests: the console shows the panels
 * these open. Any member may ask, under every restriction but closing, as it asks its own account.
 */
export const myPermissions = defineOperation({
  ...contracts.myPermissions,
  access: { plane: 'member' },
  effect: 'read',
  restrictionClass: 'own',
  async run(_input, { tx, spaceId, member }) {
    const matrix = await loadMatrix(tx, spaceId!);
    return { permissions: permissionKeys.filter((key) => matrix.allows(member, key, member.partitionId)) };
  },
});
