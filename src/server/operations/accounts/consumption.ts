import * as contracts from '../../../shared/operations/accounts.js';
import { quotaUse } from '../../../domain/usage.js';
import { addConsumption, noConsumption, type MonthlyConsumption } from '../../pipeline/consumption.js';
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
  async run(input, { tx, member, now, config, pendingConsumption }) {
    const from = monthsBefore(monthOf(now, config.tasks.timeZone).month, (input.months ?? contracts.defaultConsumptionMonths) - 1);
    const rows = await tx
      .selectFrom('account_consumption')
      .select(['month', 'reads', 'writes', 'uploaded_bytes', 'downloaded_bytes'])
      .where('space_id', '=', member.spaceId)
      .where('account_id', '=', member.accountId)
      .where('month', '>=', from)
      .execute();
    const months = new Map<string, MonthlyConsumption>(
      rows.map((r) => [
        r.month,
        { month: r.month, reads: r.reads, writes: r.writes, uploadedBytes: r.uploaded_bytes, downloadedBytes: r.downloaded_bytes },
      ]),
    );
    for (const { month, ...counts } of pendingConsumption()) {
      if (month >= from) months.set(month, addConsumption(months.get(month) ?? { month, ...noConsumption() }, counts));
    }
    return {
      ...(await quotaUse(tx, member)),
      months: [...months.values()].sort((a, b) => b.month.localeCompare(a.month)),
    };
  },
});
