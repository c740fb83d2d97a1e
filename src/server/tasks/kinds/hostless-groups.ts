import type { Tx } from '../../../store/database.js';
import { destroyGroup, hostlessDays, hostlessNoticeDays } from '../../../domain/hosting.js';
import { batchSize, type TaskKind } from '../task-kind.js';

const dayMs = 24 * 3600 * 1000;

/**
 * Groups without a host: their members are told (the group records when: `group.hosting` shows
 * the date of its destruction) 10 days before the end, and a group hostless for 90 days is
 * destroyed: its row and members go at once (every member's perimeter loses it), the rest through
 * a `purge.group` task. Frozen and closed spaces are left alone.
 */
export const hostlessGroups: TaskKind = {
  kind: 'groups.hostless',
  daily: true,
  summary: 'Tell the members of groups long without a host, destroy those hostless for 90 days',
  async run(context) {
    const now = Date.now();
    const hostless = (tx: Tx, since: number) =>
      tx
        .selectFrom('groups')
        .innerJoin('spaces', 'spaces.id', 'groups.space_id')
        .select(['groups.space_id', 'groups.id'])
        .where('groups.host_avatar_id', 'is', null)
        .where('groups.hostless_since', '<=', since)
        .where('spaces.frozen', '=', 0)
        .where('spaces.closed_at', 'is', null);
    // One run, two phases: destroying what is due, then telling the members of groups near their end.
    await context.batches<'destroy' | 'notice'>(async (tx, cursor) => {
      if ((cursor ?? 'destroy') === 'destroy') {
        const due = await hostless(tx, now - hostlessDays * dayMs)
          .limit(batchSize)
          .execute();
        for (const group of due) await destroyGroup(tx, group.space_id, group.id, now);
        return { items: due.length, next: due.length === batchSize ? 'destroy' : 'notice' };
      }
      const near = await hostless(tx, now - (hostlessDays - hostlessNoticeDays) * dayMs)
        .where('groups.hostless_noticed_at', 'is', null)
        .limit(batchSize)
        .execute();
      for (const group of near)
        await tx
          .updateTable('groups')
          .set({ hostless_noticed_at: now })
          .where('space_id', '=', group.space_id)
          .where('id', '=', group.id)
          .execute();
      return { items: near.length, next: near.length === batchSize ? 'notice' : null };
    });
  },
};
