import * as contracts from '../../../shared/operations/partitions.js';
import { checkSpaceFits, delta, lockQuotas, spaceShares } from '../../../domain/partitions.js';
import { defineOperation } from '../../pipeline/operation.js';

/** The treasurer reserves a share of the space's quotas for A accounts, within what the partitions leave. */
export const setAShare = defineOperation({
  ...contracts.setAShare,
  access: { plane: 'admin', permission: 'partition.manage' },
  effect: 'write',
  audit: true,
  async run({ quotas }, { tx, spaceId, describe }) {
    await lockQuotas(tx, spaceId!);
    const { aShare: before } = await spaceShares(tx, spaceId!);
    describe(null, { before, after: quotas });
    await checkSpaceFits(tx, spaceId!, delta(before, quotas));
    await tx
      .updateTable('spaces')
      .set({ a_share_documents: quotas.documents, a_share_volume_bytes: quotas.volumeBytes })
      .where('id', '=', spaceId!)
      .execute();
    return spaceShares(tx, spaceId!);
  },
});
