import * as contracts from '../../../shared/operations/partitions.js';
import { IlotError } from '../../../shared/errors.js';
import { accountRow, checkPartitionFits, consumeAgreement, lockQuotas, partitionRow } from '../../../domain/partitions.js';
import { defineOperation } from '../../pipeline/operation.js';

/**
 * An A account asked to become O (account.agreeToSwitch): the treasurer or a delegate of the
 * partition that takes it accepts, giving it quotas within what the partition's accounts leave.
 * The request is consumed; without one the switch is refused.
 */
export const switchToO = defineOperation({
  ...contracts.switchToO,
  access: { plane: 'member', requires: (input) => [{ permission: 'account.switch', partitionId: input.partitionId }] },
  effect: 'write',
  audit: true,
  auditTarget: (input) => input.accountId,
  async run({ partitionId, accountId, quotas }, { tx, spaceId, now, describe }) {
    describe(accountId, { partitionId, quotas });
    await lockQuotas(tx, spaceId!);
    const partition = await partitionRow(tx, spaceId!, partitionId, true);
    const account = await accountRow(tx, spaceId!, accountId);
    if (account.kind !== 'A') throw new IlotError('ACCOUNT_KIND_MISMATCH');
    if (!(await consumeAgreement(tx, spaceId!, accountId, 'O', now))) throw new IlotError('SWITCH_NOT_REQUESTED');
    await checkPartitionFits(tx, spaceId!, partition, { accounts: quotas });
    await tx
      .updateTable('accounts')
      .set({ kind: 'O', partition_id: partitionId, quota_documents: quotas.documents, quota_volume_bytes: quotas.volumeBytes })
      .where('space_id', '=', spaceId!)
      .where('id', '=', accountId)
      .execute();
    return { accountId, kind: 'O' as const, partitionId };
  },
});
