import * as contracts from '../../../shared/operations/notifications.js';
import { partitionRow } from '../../../domain/partitions.js';
import { defineOperation } from '../../pipeline/operation.js';

/** What the console shows of a partition's notifications: its own and those of its accounts. */
export const listNotifications = defineOperation({
  ...contracts.listNotifications,
  access: { plane: 'member', requires: (input) => [{ permission: 'partition.read', partitionId: input.partitionId }] },
  effect: 'read',
  async run({ partitionId }, { tx, spaceId }) {
    await partitionRow(tx, spaceId!, partitionId);
    const own = await tx
      .selectFrom('notifications')
      .select(['text', 'restriction', 'created_at'])
      .where('space_id', '=', spaceId!)
      .where('scope', '=', 'partition')
      .where('target_id', '=', partitionId)
      .execute();
    const ofAccounts = await tx
      .selectFrom('notifications')
      .innerJoin('accounts', (join) =>
        join.onRef('accounts.space_id', '=', 'notifications.space_id').onRef('accounts.id', '=', 'notifications.target_id'),
      )
      .select(['notifications.target_id', 'notifications.text', 'notifications.restriction', 'notifications.created_at'])
      .where('notifications.space_id', '=', spaceId!)
      .where('notifications.scope', '=', 'account')
      .where('accounts.partition_id', '=', partitionId)
      .orderBy('notifications.target_id')
      .execute();
    return {
      notifications: [
        ...own.map((n) => ({
          level: 'partition' as const,
          accountId: null,
          text: n.text,
          restriction: n.restriction,
          at: Number(n.created_at),
        })),
        ...ofAccounts.map((n) => ({
          level: 'account' as const,
          accountId: n.target_id,
          text: n.text,
          restriction: n.restriction,
          at: Number(n.created_at),
        })),
      ],
    };
  },
});
