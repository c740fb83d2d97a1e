import { sql, type SelectQueryBuilder } from 'kysely';
import { spaceConsumption } from '../../../domain/consumption.js';
import type { Database } from '../../../store/schema.js';
import { batchSize, type TaskKind } from '../task-kind.js';
import { monthOf } from '../schedule.js';

/**
 * Audit entries older than the retention go, from the start of each space's chain, in batches. The
 * last entry removed becomes the chain's checkpoint (its number and hash), from which
 * `verifyAuditChain` starts: the rest of the chain stays verifiable.
 */
export const auditRetention: TaskKind = {
  kind: 'audit.retention',
  daily: true,
  summary: 'Remove audit entries past the retention, keeping each chain verifiable',
  async run(context) {
    const now = Date.now();
    const cutoff = new Date(now).setUTCMonth(new Date(now).getUTCMonth() - context.config.tasks.auditRetentionMonths);
    await context.batches<number>(async (tx, cursor) => {
      const found = await tx
        .selectFrom('audit_entries')
        .select('space_id')
        .where('space_id', '>=', cursor ?? 0)
        .where('at', '<', cutoff)
        .orderBy('space_id')
        .limit(1)
        .executeTakeFirst();
      if (!found) return { items: 0, next: null };
      const spaceId = found.space_id;
      const first = await tx
        .selectFrom('audit_entries')
        .select(['seq', 'hash', 'at'])
        .where('space_id', '=', spaceId)
        .orderBy('seq')
        .limit(batchSize)
        .execute();
      const recent = first.findIndex((e) => e.at >= cutoff);
      const old = recent === -1 ? first : first.slice(0, recent);
      const last = old[old.length - 1];
      if (!last) return { items: 0, next: spaceId + 1 };
      await tx.deleteFrom('audit_entries').where('space_id', '=', spaceId).where('seq', '<=', last.seq).execute();
      await tx
        .insertInto('audit_checkpoints')
        .values({ space_id: spaceId, seq: last.seq, hash: last.hash!, at: now })
        .onConflict((c) => c.column('space_id').doUpdateSet({ seq: last.seq, hash: last.hash!, at: now }))
        .execute();
      return { items: old.length, next: old.length === batchSize ? spaceId : spaceId + 1 };
    });
  },
};

/** The tables whose rows the monthly figures count; a count's query is typed as reading them all, so a filter may name any of their columns. */
type CountedTable = 'accounts' | 'avatars' | 'contacts' | 'sponsorships' | 'sessions';
type CountQuery = SelectQueryBuilder<Database, CountedTable, { n: number }>;

/**
 * Each space's figures for the current month (site time zone), recomputed daily; the months before
 * are frozen: once a month is over, its figures no longer change. One space per batch.
 */
export const monthlyStatistics: TaskKind = {
  kind: 'stats.monthly',
  daily: true,
  summary: "Compute each space's figures of the month, freeze past months",
  async run(context) {
    const now = Date.now();
    const { month, startedAt } = monthOf(now, context.config.tasks.timeZone);
    await context.batches<number>(async (tx, cursor) => {
      const space = await tx
        .selectFrom('spaces')
        .select('id')
        .where('id', '>', cursor ?? 0)
        .where('closed_at', 'is', null)
        .orderBy('id')
        .limit(1)
        .executeTakeFirst();
      if (!space) return { items: 0, next: null };
      const count = async (table: CountedTable, where?: (q: CountQuery) => CountQuery) => {
        let query: CountQuery = tx
          .selectFrom(table)
          .select(sql<number>`count(*)`.as('n'))
          .where('space_id', '=', space.id);
        if (where) query = where(query);
        return Number((await query.executeTakeFirstOrThrow()).n);
      };
      const consumption = (of: string) => spaceConsumption(tx, space.id, of);
      // A month that ended since the last run gets its whole consumption before it is frozen.
      const ended = await tx
        .selectFrom('space_stats')
        .select(['month', 'figures'])
        .where('space_id', '=', space.id)
        .where('month', '<', month)
        .where('frozen', '=', 0)
        .execute();
      for (const row of ended) {
        const final = JSON.stringify({ ...(JSON.parse(row.figures) as object), ...(await consumption(row.month)) });
        await tx
          .updateTable('space_stats')
          .set({ figures: final })
          .where('space_id', '=', space.id)
          .where('month', '=', row.month)
          .execute();
      }
      const figures = {
        ...(await consumption(month)),
        accounts: await count('accounts'),
        accountsO: await count('accounts', (q) => q.where('kind', '=', 'O')),
        accountsA: await count('accounts', (q) => q.where('kind', '=', 'A')),
        avatars: await count('avatars'),
        contacts: (await count('contacts')) / 2,
        sponsorshipsMade: await count('sponsorships', (q) => q.where('created_at', '>=', startedAt).where('role', '=', 'member')),
        sponsorshipsAccepted: await count('sponsorships', (q) => q.where('answered_at', '>=', startedAt).where('state', '=', 'accepted')),
        signIns: await count('sessions', (q) => q.where('created_at', '>=', startedAt)),
      };
      const value = JSON.stringify(figures);
      await tx
        .insertInto('space_stats')
        .values({ space_id: space.id, month, figures: value, frozen: 0, computed_at: now })
        .onConflict((c) =>
          c.columns(['space_id', 'month']).doUpdateSet({ figures: value, computed_at: now }).where('space_stats.frozen', '=', 0),
        )
        .execute();
      await tx
        .updateTable('space_stats')
        .set({ frozen: 1 })
        .where('space_id', '=', space.id)
        .where('month', '<', month)
        .where('frozen', '=', 0)
        .execute();
      return { items: 1, next: space.id };
    });
  },
};

/**
 * Tombstones older than the longest offline period clients may have go. Each subtree records up to
 * which version its tombstones were purged: a client that knew an older version rebuilds it.
 */
export const purgeTombstones: TaskKind = {
  kind: 'tombstones.purge',
  daily: true,
  summary: 'Remove tombstones older than the longest offline period',
  async run(context) {
    const now = Date.now();
    const cutoff = new Date(now).setUTCMonth(new Date(now).getUTCMonth() - context.config.tasks.tombstoneRetentionMonths);
    await context.batches<number>(async (tx) => {
      const rows = await tx
        .selectFrom('tombstones')
        .select(['space_id', 'subtree', 'id', 'version'])
        .where('deleted_at', '<', cutoff)
        .limit(batchSize)
        .execute();
      const reached = new Map<string, { spaceId: number; subtree: string; version: number }>();
      for (const row of rows) {
        const key = `${row.space_id}:${row.subtree}`;
        if ((reached.get(key)?.version ?? 0) < row.version)
          reached.set(key, { spaceId: row.space_id, subtree: row.subtree, version: row.version });
        await tx
          .deleteFrom('tombstones')
          .where('space_id', '=', row.space_id)
          .where('subtree', '=', row.subtree)
          .where('id', '=', row.id)
          .execute();
      }
      for (const { spaceId, subtree, version } of reached.values()) {
        await tx
          .updateTable('subtree_versions')
          .set({ tombstones_purged_to: version })
          .where('space_id', '=', spaceId)
          .where('subtree', '=', subtree)
          .where('tombstones_purged_to', '<', version)
          .execute();
      }
      return { items: rows.length, next: rows.length === batchSize ? 0 : null };
    });
  },
};
