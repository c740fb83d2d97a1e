import * as contracts from '../../../shared/operations/partitions.js';
import { partitionRow, partitionView } from '../../../domain/partitions.js';
import { defineOperation } from '../../pipeline/operation.js';

/**
 * The treasurer archives a partition, or brings it back. Archived, it takes no new account (no
 * sponsorship, no switch into it), no delegate and no quota rise; its accounts and delegates live
 * on, and its quotas may still go down, so that what it holds can be given back to the others.
 */
export const setPartitionArchived = defineOperation({
  ...contracts.setPartitionArchived,
  access: { plane: 'admin', permission: 'partition.manage' },
  effect: 'write',
  audit: true,
  auditTarget: (input) => input.partitionId,
  async run({ partitionId, archived }, { tx, spaceId, now, describe }) {
    const row = await partitionRow(tx, spaceId!, partitionId);
    describe(partitionId, { archived });
    if (archived !== (row.archived_at !== null))
      await tx
        .updateTable('partitions')
        .set({ archived_at: archived ? now : null })
        .where('space_id', '=', spaceId!)
        .where('id', '=', partitionId)
        .execute();
    return partitionView(tx, spaceId!, partitionId);
  },
});
