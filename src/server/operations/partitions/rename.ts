import * as contracts from '../../../shared/operations/partitions.js';
import { partitionRow, partitionView } from '../../../domain/partitions.js';
import { defineOperation } from '../../pipeline/operation.js';

/** The treasurer renames a partition (archived ones too). */
export const renamePartition = defineOperation({
  ...contracts.renamePartition,
  access: { plane: 'admin', permission: 'partition.manage' },
  effect: 'write',
  audit: true,
  auditTarget: (input) => input.partitionId,
  async run({ partitionId, name }, { tx, spaceId, describe }) {
    const before = await partitionRow(tx, spaceId!, partitionId);
    describe(partitionId, { before: before.name, after: name });
    await tx.updateTable('partitions').set({ name }).where('space_id', '=', spaceId!).where('id', '=', partitionId).execute();
    return partitionView(tx, spaceId!, partitionId);
  },
});
