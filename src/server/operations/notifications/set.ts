import { IlotError } from '../../../shared/errors.js';
import * as contracts from '../../../shared/operations/notifications.js';
import { defineOperation } from '../../pipeline/operation.js';

/**
 * Posts, replaces or clears the notification of a partition or of an account. The pipeline checks
 * that the member holds `notify.partition` or `notify.account` for the partition named; this
 * checks that the partition exists and that the account is one of it, so that a delegate cannot
 * reach outside their partition by naming it. The sessions concerned are told live.
 */
export const postNotification = defineOperation({
  ...contracts.setNotification,
  access: {
    plane: 'member',
    requires: (input) => [{ permission: input.accountId === null ? 'notify.partition' : 'notify.account', partitionId: input.partitionId }],
  },
  effect: 'write',
  audit: true,
  auditTarget: (input) => input.accountId ?? input.partitionId ?? '',
  async run({ partitionId, accountId, text, restriction }, { tx, spaceId, member, now, describe, notify }) {
    const scope = accountId === null ? ('partition' as const) : ('account' as const);
    const targetId = accountId ?? partitionId;
    describe(targetId, { scope, text, restriction });
    if (text === null && restriction !== null)
      throw new IlotError('VALIDATION_FAILED', 'A restriction comes with the text that explains it.', { field: 'restriction' });
    if (targetId === null) throw new IlotError('VALIDATION_FAILED', 'Name a partition, an account, or both.', { field: 'partitionId' });
    if (accountId === null) {
      const partition = await tx
        .selectFrom('partitions')
        .select('id')
        .where('space_id', '=', spaceId!)
        .where('id', '=', partitionId!)
        .executeTakeFirst();
      if (!partition) throw new IlotError('PARTITION_NOT_FOUND');
    } else {
      const account = await tx
        .selectFrom('accounts')
        .select('partition_id')
        .where('space_id', '=', spaceId!)
        .where('id', '=', accountId)
        .executeTakeFirst();
      if (!account || account.partition_id !== partitionId) throw new IlotError('ACCOUNT_NOT_FOUND');
    }
    await tx
      .deleteFrom('notifications')
      .where('space_id', '=', spaceId!)
      .where('scope', '=', scope)
      .where('target_id', '=', targetId)
      .execute();
    notify({ spaceId: spaceId!, notified: scope, target: targetId });
    if (text === null) return { notification: null };
    const byRole = member.roles.includes('treasurer') ? 'treasurer' : (member.roles.find((r) => r !== 'member') ?? 'member');
    await tx
      .insertInto('notifications')
      .values({ space_id: spaceId!, scope, target_id: targetId, text, restriction, by_role: byRole, created_at: now })
      .execute();
    return { notification: { level: scope, text, restriction, at: now } };
  },
});
