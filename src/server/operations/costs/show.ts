import * as contracts from '../../../shared/operations/costs.js';
import { accountConsumption, addConsumption, noConsumption, type Consumption } from '../../../domain/consumption.js';
import { balanceOf, consumptionCost, recordedCosts } from '../../../domain/costs.js';
import { defineOperation } from '../../pipeline/operation.js';
import { monthOf, monthsBefore } from '../../tasks/schedule.js';

/**
 * The member's costs of its last months: the subscription charged and the consumption cost, as
 * settled in clear for ended months, else computed here from its own (masked) consumption, which
 * its session can read. With its balance (A) or its consumption limit (O).
 */
export const showCosts = defineOperation({
  ...contracts.showCosts,
  access: { plane: 'member' },
  effect: 'read',
  restrictionClass: 'own',
  async run(input, { tx, member, now, config, pendingConsumption }) {
    const from = monthsBefore(monthOf(now, config.tasks.timeZone).month, (input.months ?? contracts.defaultCostMonths) - 1);
    const live = new Map<string, Consumption>();
    if (member.usageKey !== null)
      for (const { month, ...counts } of [...(await accountConsumption(tx, member, from)), ...pendingConsumption()])
        if (month >= from) live.set(month, addConsumption(live.get(month) ?? noConsumption(), counts));
    const recorded = new Map((await recordedCosts(tx, member.spaceId, member.accountId, from)).map((r) => [r.month, r]));
    const months = [...new Set([...recorded.keys(), ...live.keys()])].sort().reverse();
    const account = await tx
      .selectFrom('accounts')
      .select('consumption_limit')
      .where('space_id', '=', member.spaceId)
      .where('id', '=', member.accountId)
      .executeTakeFirstOrThrow();
    const { averageMonths: _, ...prices } = config.costs;
    return {
      tariff: prices,
      months: months.map((month) => {
        const row = recorded.get(month);
        const settled = row?.consumption != null;
        const consumption = row?.consumption ?? consumptionCost(live.get(month) ?? noConsumption(), config.costs);
        const subscription = row?.subscription ?? 0;
        return { month, subscription, consumption, settled, total: subscription + consumption };
      }),
      balance: await balanceOf(tx, member.spaceId, member.accountId),
      consumptionLimit: member.accountKind === 'O' && account.consumption_limit !== null ? Number(account.consumption_limit) : null,
    };
  },
});
