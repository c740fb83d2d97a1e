import { Type } from '@sinclair/typebox';
import { Nullable } from '../../../shared/protocol.js';
import { quotaUse } from '../../../domain/versions.js';
import { addConsumption, noConsumption, type MonthlyConsumption } from '../../pipeline/consumption.js';
import { defineOperation } from '../../pipeline/operation.js';
import { monthOf, monthsBefore } from '../../tasks/schedule.js';

const defaultMonths = 12;

const QuotaFigure = Type.Object({ used: Type.Integer(), quota: Nullable(Type.Integer({ description: 'null: no quota of its own' })) });

/**
 * The member's quotas and usage, and what the account consumed in each of the last months (site
 * time zone): documents read and written, file bytes uploaded and downloaded. Counts of the last
 * few seconds, still in memory, are included.
 */
export const showConsumption = defineOperation({
  name: 'account.consumption',
  summary: "Show this account's quotas, usage and monthly consumption",
  access: { plane: 'member' },
  effect: 'read',
  input: Type.Object(
    { months: Type.Optional(Type.Integer({ minimum: 1, maximum: 24, default: defaultMonths, description: 'how many months, the current one included' })) },
    { additionalProperties: false },
  ),
  output: Type.Object({
    documents: QuotaFigure,
    volumeBytes: QuotaFigure,
    months: Type.Array(
      Type.Object({ month: Type.String({ description: 'YYYY-MM' }), reads: Type.Integer(), writes: Type.Integer(), uploadedBytes: Type.Integer(), downloadedBytes: Type.Integer() }),
      { description: 'most recent first; months without consumption are left out' },
    ),
  }),
  async run(input, { tx, member, now, config, pendingConsumption }) {
    const from = monthsBefore(monthOf(now, config.tasks.timeZone).month, (input.months ?? defaultMonths) - 1);
    const rows = await tx
      .selectFrom('account_consumption')
      .select(['month', 'reads', 'writes', 'uploaded_bytes', 'downloaded_bytes'])
      .where('space_id', '=', member.spaceId)
      .where('account_id', '=', member.accountId)
      .where('month', '>=', from)
      .execute();
    const months = new Map<string, MonthlyConsumption>(
      rows.map((r) => [r.month, { month: r.month, reads: r.reads, writes: r.writes, uploadedBytes: r.uploaded_bytes, downloadedBytes: r.downloaded_bytes }]),
    );
    for (const { month, ...counts } of pendingConsumption()) {
      if (month >= from) months.set(month, addConsumption(months.get(month) ?? { month, ...noConsumption() }, counts));
    }
    return { ...(await quotaUse(tx, member.spaceId, member.accountId)), months: [...months.values()].sort((a, b) => b.month.localeCompare(a.month)) };
  },
});
