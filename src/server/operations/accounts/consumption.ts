import * as contracts from '../../../shared/operations/accounts.js';
import { quotaUse } from '../../../domain/usage.js';
import { accountConsumption, addConsumption, noConsumption, type MonthlyConsumption } from '../../../domain/consumption.js';
import { defineOperation } from '../../pipeline/operation.js';
import { monthOf, monthsBefore } from '../../tasks/schedule.js';

/**
 * The member's quotas and usage, and what the account consumed in each of the last months (site
 * time zone): documents read and written, file bytes uploaded and downloaded. Counts of the last
 * few seconds, still in memory, are included.
 */
export const showConsumption = defineOperation({
  ...contracts.showConsumption,
  access: { plane: 'member' },
  effect: 'read',
  restrictionClass: 'own',
  async run(input, { tx, member, now, config, pendingConsumption }) {
    const from = monthsBefore(monthOf(now, config.tasks.timeZone).month, (input.months ?? contracts.defaultConsumptionMonths) - 1);
    const months = new Map<string, MonthlyConsumption>((await accountConsumption(tx, member, from)).map((m) => [m.month, m]));
    for (const { month, ...counts } of pendingConsumption()) {
      if (month >= from) months.set(month, addConsumption(months.get(month) ?? { month, ...noConsumption() }, counts));
    }
    return {
      ...(await quotaUse(tx, member)),
      months: [...months.values()].sort((a, b) => b.month.localeCompare(a.month)),
    };
  },
});
