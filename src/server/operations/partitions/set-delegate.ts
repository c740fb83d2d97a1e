import * as contracts from '../../../shared/operations/partitions.js';
import { rolesOf } from '../../../domain/accounts.js';
import { accountOfPartition, partitionRow } from '../../../domain/partitions.js';
import { defineOperation } from '../../pipeline/operation.js';

/**
 * The treasurer names an O account of a partition its delegate, or removes it: the account gets or
 * loses the `delegate` role, effective from its next request. An archived partition gets no new delegate.
 */
export const setDelegate = defineOperation({
  ...contracts.setDelegate,
  access: { plane: 'admin', permission: 'delegate.name' },
  effect: 'write',
  audit: true,
  auditTarget: (input) => input.accountId,
  async run({ partitionId, accountId, delegate }, { tx, spaceId, describe }) {
    describe(accountId, { partitionId, delegate });
    await partitionRow(tx, spaceId!, partitionId, delegate);
    const account = await accountOfPartition(tx, spaceId!, partitionId, accountId);
    const others = rolesOf(account.roles).filter((r) => r !== 'delegate');
    const roles = delegate ? ['delegate', ...others] : others;
    await tx
      .updateTable('accounts')
      .set({ roles: roles.join(',') })
      .where('space_id', '=', spaceId!)
      .where('id', '=', accountId)
      .execute();
    return { accountId, delegate };
  },
});
