import * as contracts from '../../../shared/operations/partitions.js';
import { newScopedId } from '../../../shared/ids.js';
import { checkSpaceFits, lockQuotas, partitionView } from '../../../domain/partitions.js';
import { defineOperation } from '../../pipeline/operation.js';

/** The treasurer creates a partition with its share of the space's quotas, within what the others leave. */
export const createPartition = defineOperation({
  ...contracts.createPartition,
  access: { plane: 'admin', permission: 'partition.manage' },
  effect: 'write',
  audit: true,
  async run({ name, quotas }, { tx, spaceId, now, describe }) {
    await lockQuotas(tx, spaceId!);
    await checkSpaceFits(tx, spaceId!, quotas);
    const id = newScopedId(spaceId!, 'partition');
    await tx
      .insertInto('partitions')
      .values({
        space_id: spaceId!,
        id,
        name,
        created_at: now,
        quota_documents: quotas.documents,
        quota_volume_bytes: quotas.volumeBytes,
        archived_at: null,
      })
      .execute();
    describe(id, { quotas });
    return partitionView(tx, spaceId!, id);
  },
});
