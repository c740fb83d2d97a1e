import * as contracts from '../../../shared/operations/partitions.js';
import { rolesOf } from '../../../domain/accounts.js';
import { partitionRow, quotasOfAccount } from '../../../domain/partitions.js';
import { accountsRestrictions } from '../../../domain/restrictions.js';
import { defineOperation } from '../../pipeline/operation.js';
import { automaticSourcesAt } from '../../pipeline/automatic-restrictions.js';
import { monthOf } from '../../tasks/schedule.js';

/**
 * The treasurer or a delegate of the partition: its O accounts with their names, quotas, costs of
 * the month so far (recorded in clear, unlike their usage) and the restrictions in force, as the
 * pipeline would find them for each.
 */
export const partitionAccounts = defineOperation({
  ...contracts.partitionAccounts,
  access: { plane: 'member', requires: (input) => [{ permission: 'partition.read', partitionId: input.partitionId }] },
  effect: 'read',
  async run({ partitionId }, { tx, spaceId, now, config }) {
    await partitionRow(tx, spaceId!, partitionId);
    const { month } = monthOf(now, config.tasks.timeZone);
    const rows = await tx
      .selectFrom('accounts as a')
      .leftJoin('avatars as v', (join) =>
        join.onRef('v.space_id', '=', 'a.space_id').onRef('v.account_id', '=', 'a.id').on('v.is_primary', '=', 1),
      )
      .leftJoin('account_costs as c', (join) =>
        join.onRef('c.space_id', '=', 'a.space_id').onRef('c.account_id', '=', 'a.id').on('c.month', '=', month),
      )
      .select([
        'a.id',
        'a.roles',
        'a.quota_documents',
        'a.quota_volume_bytes',
        'a.consumption_limit',
        'v.name',
        'c.subscription',
        'c.consumption',
      ])
      .where('a.space_id', '=', spaceId!)
      .where('a.partition_id', '=', partitionId)
      .where('a.kind', '=', 'O')
      .orderBy('a.id')
      .execute();
    const accounts = rows.map((a) => ({ ...a, roles: rolesOf(a.roles) }));
    const restrictions = await accountsRestrictions(
      tx,
      spaceId!,
      accounts.map((a) => ({ accountId: a.id, partitionId, roles: a.roles })),
      automaticSourcesAt(now, config),
    );
    return {
      accounts: accounts.map((a) => ({
        id: a.id,
        name: a.name,
        delegate: a.roles.includes('delegate'),
        quotas: quotasOfAccount(a),
        consumptionLimit: a.consumption_limit === null ? null : Number(a.consumption_limit),
        month: { subscription: Number(a.subscription ?? 0), consumption: a.consumption == null ? null : Number(a.consumption) },
        restrictions: restrictions.get(a.id)!,
      })),
    };
  },
});
