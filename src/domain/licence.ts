import { sql } from 'kysely';
import type { Tx } from '../store/database.js';

// The licence dashboard: what a space and each of its partitions use against their quotas, from
// figures the site holds in clear (an account's own usage is masked, see masks.ts).

export const licenceMeasures = ['documents', 'volumeBytes', 'accounts', 'monthlyCents'] as const;
export type LicenceMeasure = (typeof licenceMeasures)[number];

/** The thresholds a quota warns at, in % of the quota. */
export const warningLevels = [75, 90, 100] as const;
export type WarningLevel = 0 | (typeof warningLevels)[number];

/** A measure against its quota; null where the site cannot tell (yet). */
export interface Gauge {
  used: number | null;
  quota: number | null;
  level: WarningLevel;
}

export type Gauges = Record<LicenceMeasure, Gauge>;

export interface Licence {
  space: Gauges;
  partitions: { id: string; name: string; gauges: Gauges }[];
}

/** The highest threshold `used` reached of `quota` (0: none, or nothing to compare). A quota of 0 or less is no quota. */
export function levelOf(used: number | null, quota: number | null): WarningLevel {
  if (used === null || quota === null || quota <= 0) return 0;
  for (const level of [...warningLevels].reverse()) if (used * 100 >= quota * level) return level;
  return 0;
}

const gauge = (used: number | null, quota: number | null): Gauge => ({ used, quota, level: levelOf(used, quota) });

const num = (value: unknown) => Number(value ?? 0);

/** What one space uses of its quotas: its notes, its files' bytes (uploads in progress too), its accounts; and the same per partition. */
export async function licenceOf(tx: Tx, spaceId: number): Promise<Licence> {
  const space = await tx
    .selectFrom('spaces')
    .select(['quota_documents', 'quota_volume_bytes', 'max_accounts', 'quota_monthly_cents'])
    .where('id', '=', spaceId)
    .executeTakeFirstOrThrow();
  const bytes = async (table: 'files' | 'uploads') =>
    num(
      (
        await tx
          .selectFrom(table)
          .select(sql<string>`coalesce(sum(size), 0)`.as('n'))
          .where('space_id', '=', spaceId)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const notes = await tx
    .selectFrom('notes')
    .select(sql<string>`count(*)`.as('n'))
    .where('space_id', '=', spaceId)
    .executeTakeFirstOrThrow();
  const byPartition = await tx
    .selectFrom('accounts')
    .select([
      'partition_id',
      sql<string>`count(*)`.as('accounts'),
      sql<string>`coalesce(sum(quota_documents), 0)`.as('documents'),
      sql<string>`coalesce(sum(quota_volume_bytes), 0)`.as('volume'),
    ])
    .where('space_id', '=', spaceId)
    .groupBy('partition_id')
    .execute();
  const partitions = await tx
    .selectFrom('partitions')
    .select(['id', 'name', 'quota_documents', 'quota_volume_bytes'])
    .where('space_id', '=', spaceId)
    .orderBy('created_at')
    .execute();
  const accounts = byPartition.reduce((sum, row) => sum + num(row.accounts), 0);
  // The cost of a month is the costs module's (tariff × quotas + consumption): not computed here yet.
  const monthlyCostCents: number | null = null;
  return {
    space: {
      documents: gauge(num(notes.n), space.quota_documents),
      volumeBytes: gauge((await bytes('files')) + (await bytes('uploads')), space.quota_volume_bytes),
      accounts: gauge(accounts, space.max_accounts),
      monthlyCents: gauge(monthlyCostCents, space.quota_monthly_cents),
    },
    // A partition's documents and volume are the quotas given to its accounts (their usage is masked),
    // against the share of the space's quotas the treasurer gave it.
    partitions: partitions.map(({ id, name, quota_documents, quota_volume_bytes }) => {
      const row = byPartition.find((r) => r.partition_id === id);
      return {
        id,
        name,
        gauges: {
          documents: gauge(num(row?.documents), num(quota_documents)),
          volumeBytes: gauge(num(row?.volume), num(quota_volume_bytes)),
          accounts: gauge(num(row?.accounts), null),
          monthlyCents: gauge(monthlyCostCents, null),
        },
      };
    }),
  };
}
