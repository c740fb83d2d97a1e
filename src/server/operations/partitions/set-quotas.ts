import * as contracts from '../../../shared/operations/partitions.js';
import {
  checkPartitionFits,
  checkSpaceFits,
  delta,
  lockQuotas,
  partitionRow,
  partitionView,
  quotasOfPartition,
} from '../../../domain/partitions.js';
import { defineOperation } from '../../pipeline/operation.js';

/**
 * The treasurer sets a partition's share of the space's quotas: a rise must fit in what the other
 * partitions and the A share leave; a cut must leave room for its accounts' quotas.
 */
export const setPartitionQuotas = defineOperation({
  ...contracts.setPartitionQuotas,
  access: { plane: 'admin', permission: 'partition.manage' },
  effect: 'write',
  audit: true,
  auditTarget: (input) => input.partitionId,
  async run({ partitionId, quotas }, { tx, spaceId, describe }) {
    await lockQuotas(tx, spaceId!);
    const row = await partitionRow(tx, spaceId!, partitionId);
    const before = quotasOfPartition(row);
    describe(partitionId, { before, after: quotas });
    const move = delta(before, quotas);
    await checkPartitionFits(tx, spaceId!, row, { partition: move });
    await checkSpaceFits(tx, spaceId!, move);
    await tx
      .updateTable('partitions')
      .set({ quota_documents: quotas.documents, quota_volume_bytes: quotas.volumeBytes })
      .where('space_id', '=', spaceId!)
      .where('id', '=', partitionId)
      .execute();
    return partitionView(tx, spaceId!, partitionId);
  },
});
