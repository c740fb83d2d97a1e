import { chargeSubscriptions, type ChargeDay } from '../../../domain/costs.js';
import { dayOf } from '../../../domain/masks.js';
import { siteSpaceId } from '../../../store/schema.js';
import { monthOf } from '../schedule.js';
import { batchSize, type TaskKind } from '../task-kind.js';

const dayMs = 86_400_000;

/** The day `now` falls in, as the subscription is charged: its month (site time zone), its rank in it and the month's length. */
export function chargeDayOf(now: number, timeZone: string): ChargeDay {
  const { month, startedAt } = monthOf(now, timeZone);
  const next = monthOf(startedAt + 32 * dayMs, timeZone).startedAt;
  return {
    day: dayOf(now),
    month,
    dayOfMonth: Math.floor((now - startedAt) / dayMs) + 1,
    daysInMonth: Math.round((next - startedAt) / dayMs),
  };
}

/**
 * Daily: each account of each open space is charged the day's subscription (its quotas at the
 * tariff) into its month's costs, and A accounts' balances with it. Once a day: a run again the
 * same day charges nobody twice. Consumption costs are settled by the accounts' sessions (domain/costs.ts).
 */
export const chargeCosts: TaskKind = {
  kind: 'costs.charge',
  daily: true,
  summary: 'Charge every account the subscription of the day',
  async run(context) {
    const at = chargeDayOf(Date.now(), context.config.tasks.timeZone);
    await context.batches<[number, string]>(async (tx, cursor) => {
      let [spaceId, after] = cursor ?? [siteSpaceId, ''];
      for (;;) {
        const { items, last } = await chargeSubscriptions(tx, spaceId, after, batchSize, context.config.costs, at);
        if (last !== null) return { items, next: [spaceId, last] };
        const space = await tx
          .selectFrom('spaces')
          .select('id')
          .where('id', '>', spaceId)
          .where('closed_at', 'is', null)
          .orderBy('id')
          .limit(1)
          .executeTakeFirst();
        if (!space) return { items: 0, next: null };
        [spaceId, after] = [space.id, ''];
      }
    });
  },
};
