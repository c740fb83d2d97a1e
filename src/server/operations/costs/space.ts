import * as contracts from '../../../shared/operations/costs.js';
import { spaceConsumption } from '../../../domain/consumption.js';
import { consumptionCost, costTotals } from '../../../domain/costs.js';
import { defineOperation } from '../../pipeline/operation.js';
import { monthOf } from '../../tasks/schedule.js';

/**
 * The treasurer's view of a month, from clear data only: the subscriptions charged and the
 * consumption costs settled, per partition and for A accounts; the space's consumption in clear at
 * the tariff; and what the operator agreed.
 */
export const showSpaceCosts = defineOperation({
  ...contracts.showSpaceCosts,
  access: { plane: 'admin', permission: 'costs.read' },
  effect: 'read',
  async run(input, { tx, spaceId, now, config }) {
    const month = input.month ?? monthOf(now, config.tasks.timeZone).month;
    const rows = await costTotals(tx, spaceId!, month);
    const totals = (r: (typeof rows)[number] | undefined) => ({
      accounts: Number(r?.accounts ?? 0),
      subscription: Number(r?.subscription ?? 0),
      consumption: Number(r?.consumption ?? 0),
    });
    const space = await tx.selectFrom('spaces').select('quota_monthly_cents').where('id', '=', spaceId!).executeTakeFirstOrThrow();
    const subscription = rows.reduce((sum, r) => sum + Number(r.subscription), 0);
    const consumption = consumptionCost(await spaceConsumption(tx, spaceId!, month), config.costs);
    return {
      month,
      partitions: rows
        .filter((r) => Number(r.autonomous) === 0)
        .map((r) => ({ partitionId: r.partition_id ?? '', ...totals(r) }))
        .sort((a, b) => a.partitionId.localeCompare(b.partitionId)),
      aAccounts: totals(rows.find((r) => Number(r.autonomous) === 1)),
      space: {
        subscription,
        consumption,
        total: subscription + consumption,
        agreed: space.quota_monthly_cents === null ? null : space.quota_monthly_cents * 1000,
      },
    };
  },
});
