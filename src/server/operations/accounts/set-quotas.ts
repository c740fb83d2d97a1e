import * as contracts from '../../../shared/operations/partitions.js';
import { accountOfPartition, checkPartitionFits, delta, lockQuotas, partitionRow, quotasOfAccount } from '../../../domain/partitions.js';
import { defineOperation } from '../../pipeline/operation.js';

/**
 * The treasurer or a delegate of its partition sets an O account's quotas, within what the
 * partition's other accounts leave. Lowering them below the account's usage is allowed: it only
 * stops its growth.
 */
export const setAccountQuotas = defineOperation({
  ...contracts.setAccountQuotas,
  access: { plane: 'member', requires: (input) => [{ permission: 'account.quotas', partitionId: input.partitionId }] },
  effect: 'write',
  audit: true,
  auditTarget: (input) => input.accountId,
  async run({ partitionId, accountId, quotas }, { tx, spaceId, describe }) {
    await lockQuotas(tx, spaceId!);
    const partition = await partitionRow(tx, spaceId!, partitionId);
    const account = await accountOfPartition(tx, spaceId!, partitionId, accountId);
    const before = quotasOfAccount(account);
    describe(accountId, { partitionId, before, after: quotas });
    await checkPartitionFits(tx, spaceId!, partition, { accounts: delta(before, quotas) });
    await tx
      .updateTable('accounts')
      .set({ quota_documents: quotas.documents, quota_volume_bytes: quotas.volumeBytes })
      .where('space_id', '=', spaceId!)
      .where('id', '=', accountId)
      .execute();
    return { accountId, quotas };
  },
});
