import * as contracts from '../../../shared/operations/partitions.js';
import { loadMatrix } from '../../../domain/permissions.js';
import { partitionViews, spaceShares } from '../../../domain/partitions.js';
import { spaceOptions } from '../../../domain/spaces.js';
import { defineOperation } from '../../pipeline/operation.js';

/**
 * The partitions a member may see in full: every one for the treasurer, their own for a delegate,
 * none for the others; the space's shares only for whoever manages the partitions, its options
 * only for whoever may set them (the console shows them as the controls that change them).
 */
export const partitionOverview = defineOperation({
  ...contracts.partitionOverview,
  access: { plane: 'member' },
  effect: 'read',
  async run(_input, { tx, spaceId, member }) {
    const matrix = await loadMatrix(tx, spaceId!);
    const ids = await tx.selectFrom('partitions').select('id').where('space_id', '=', spaceId!).execute();
    const visible = ids.map((p) => p.id).filter((id) => matrix.allows(member, 'partition.read', id));
    return {
      shares: matrix.allows(member, 'partition.manage') ? await spaceShares(tx, spaceId!) : null,
      options: matrix.allows(member, 'space.options') ? await spaceOptions(tx, spaceId!) : null,
      partitions: await partitionViews(tx, spaceId!, visible),
    };
  },
});
