import { sql } from 'kysely';
import { spaceConsumption } from '../../../domain/consumption.js';
import type { Tx } from '../../../store/database.js';
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

const partitionFigureNames = ['accountsO', 'documentsQuota', 'volumeQuota', 'sponsorshipsMade', 'sponsorshipsAccepted'] as const;
type PartitionFigures = Record<(typeof partitionFigureNames)[number], number>;

/**
 * A space's figures of the month so far, and each partition's beside them, from what the site holds
 * in clear: set-based, one scan of the space's accounts and one of its sponsorships, grouped by
 * partition, then summed for the space. A partition knows of its O accounts (how many, the quotas
 * given to them) and of the sponsorships into it; what accounts consume is not known per partition
 * (an account's figures are masked), only per space.
 */
async function figuresOf(tx: Tx, spaceId: number, month: string, startedAt: number) {
  const partitions = new Map<string, PartitionFigures>();
  for (const { id } of await tx.selectFrom('partitions').select('id').where('space_id', '=', spaceId).execute())
    partitions.set(id, Object.fromEntries(partitionFigureNames.map((name) => [name, 0])) as PartitionFigures);
  const accounts = await tx
    .selectFrom('accounts')
    .select([
      'partition_id',
      'kind',
      sql<string>`count(*)`.as('n'),
      sql<string>`coalesce(sum(quota_documents), 0)`.as('documents'),
      sql<string>`coalesce(sum(quota_volume_bytes), 0)`.as('volume'),
    ])
    .where('space_id', '=', spaceId)
    .groupBy(['partition_id', 'kind'])
    .execute();
  const made = sql<boolean>`role = 'member' and created_at >= ${startedAt}`;
  const accepted = sql<boolean>`state = 'accepted' and answered_at >= ${startedAt}`;
  const sponsorships = await tx
    .selectFrom('sponsorships')
    .select([
      'partition_id',
      sql<string>`sum(case when ${made} then 1 else 0 end)`.as('made'),
      sql<string>`sum(case when ${accepted} then 1 else 0 end)`.as('accepted'),
    ])
    .where('space_id', '=', spaceId)
    .where((eb) => eb.or([made, accepted]))
    .groupBy('partition_id')
    .execute();
  const counted = (table: 'avatars' | 'contacts' | 'sessions', since?: number) =>
    sql<string>`(select count(*) from ${sql.table(table)} where space_id = ${spaceId}${since === undefined ? sql`` : sql` and created_at >= ${since}`})`;
  const others = await tx
    .selectNoFrom([counted('avatars').as('avatars'), counted('contacts').as('contacts'), counted('sessions', startedAt).as('signIns')])
    .executeTakeFirstOrThrow();

  const sum = <T>(rows: T[], figure: (row: T) => unknown) => rows.reduce((total, row) => total + Number(figure(row)), 0);
  const accountsOf = (kind: 'O' | 'A') => sum(accounts, (row) => (row.kind === kind ? row.n : 0));
  for (const row of accounts) {
    const of = row.kind === 'O' && row.partition_id !== null ? partitions.get(row.partition_id) : undefined;
    if (!of) continue;
    of.accountsO += Number(row.n);
    of.documentsQuota += Number(row.documents);
    of.volumeQuota += Number(row.volume);
  }
  for (const row of sponsorships) {
    const of = row.partition_id === null ? undefined : partitions.get(row.partition_id);
    if (!of) continue;
    of.sponsorshipsMade += Number(row.made);
    of.sponsorshipsAccepted += Number(row.accepted);
  }
  const space = {
    ...(await spaceConsumption(tx, spaceId, month)),
    accounts: sum(accounts, (row) => row.n),
    accountsO: accountsOf('O'),
    accountsA: accountsOf('A'),
    avatars: Number(others.avatars),
    contacts: Number(others.contacts) / 2,
    sponsorshipsMade: sum(sponsorships, (row) => row.made),
    sponsorshipsAccepted: sum(sponsorships, (row) => row.accepted),
    signIns: Number(others.signIns),
  };
  return { space, partitions };
}

/**
 * Each space's figures for the current month (site time zone), recomputed daily; the months before
 * are frozen: once a month is over, its figures no longer change. Each partition's figures beside
 * its space's. One space per batch, in a few statements whatever its size: the engine rests between
 * batches, so requests keep their turn.
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
      // A month that ended since the last run gets its whole consumption before it is frozen.
      const ended = await tx
        .selectFrom('space_stats')
        .select(['month', 'figures'])
        .where('space_id', '=', space.id)
        .where('month', '<', month)
        .where('frozen', '=', 0)
        .execute();
      for (const row of ended) {
        const final = JSON.stringify({ ...(JSON.parse(row.figures) as object), ...(await spaceConsumption(tx, space.id, row.month)) });
        await tx
          .updateTable('space_stats')
          .set({ figures: final })
          .where('space_id', '=', space.id)
          .where('month', '=', row.month)
          .execute();
      }
      const figures = await figuresOf(tx, space.id, month, startedAt);
      const value = JSON.stringify(figures.space);
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
      if (figures.partitions.size > 0)
        await tx
          .insertInto('partition_stats')
          .values(
            [...figures.partitions].map(([partitionId, partitionFigures]) => ({
              space_id: space.id,
              month,
              partition_id: partitionId,
              figures: JSON.stringify(partitionFigures),
              frozen: 0,
              computed_at: now,
            })),
          )
          .onConflict((c) =>
            c
              .columns(['space_id', 'month', 'partition_id'])
              .doUpdateSet((eb) => ({ figures: eb.ref('excluded.figures'), computed_at: now }))
              .where('partition_stats.frozen', '=', 0),
          )
          .execute();
      await tx
        .updateTable('partition_stats')
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
