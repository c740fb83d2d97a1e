import * as contracts from '../../../shared/operations/permissions.js';
import { loadMatrix, matrixView } from '../../../domain/permissions.js';
import { defineOperation } from '../../pipeline/operation.js';

/** The space's permission matrix: every role against every key, with the defaults and the space's overrides. */
export const showPermissions = defineOperation({
  ...contracts.showPermissions,
  access: { plane: 'admin', permission: 'permissions.read' },
  effect: 'read',
  async run(_input, { tx, spaceId }) {
    return matrixView(await loadMatrix(tx, spaceId!));
  },
});
