import type { Static } from '@sinclair/typebox';
import type { PartitionView, ShareQuotas, SpaceShares } from '../shared/operations/partitions.js';
import { IlotError } from '../shared/errors.js';
import { lockRow, type Tx } from '../store/database.js';
import { rolesOf } from './accounts.js';

// Partitions share the space's quotas among O accounts (PRODUCT.md G). Two sums always hold:
// the quotas of a partition's O accounts ≤ the partition's, and the partitions' + the A accounts'
// share ≤ the space's. Every change that could break one first takes the space's row
// (`lockQuotas`), so that concurrent changes take turns and each judges what the others committed.

export type Quotas = Static<typeof ShareQuotas>;
export type PartitionRow = { id: string; name: string; created_at: number; archived_at: number | null } & {
  quota_documents: number;
  quota_volume_bytes: number;
};

const none: Quotas = { documents: 0, volumeBytes: 0 };
const dimensions = ['documents', 'volumeBytes'] as const;

/** Quota changes of a space take turns on its row until they commit. */
export async function lockQuotas(tx: Tx, spaceId: number): Promise<void> {
  await lockRow(tx, 'spaces', spaceId);
}

/**
 * Whether a change breaks `sum ≤ bound`: it ends above and it raised the sum or lowered the bound.
 * A sum already above (the operator lowered the space's quotas) may still come down step by step.
 */
export function breaks(sum: number, bound: number, sumDelta: number, boundDelta: number): boolean {
  return sum + sumDelta > bound + boundDelta && (sumDelta > 0 || boundDelta < 0);
}

/** A partition of the space; with `open`, refused when archived (it takes nothing new). */
export async function partitionRow(tx: Tx, spaceId: number, partitionId: string, open = false): Promise<PartitionRow> {
  const row = await tx
    .selectFrom('partitions')
    .select(['id', 'name', 'created_at', 'archived_at', 'quota_documents', 'quota_volume_bytes'])
    .where('space_id', '=', spaceId)
    .where('id', '=', partitionId)
    .executeTakeFirst();
  if (!row) throw new IlotError('PARTITION_NOT_FOUND');
  if (open && row.archived_at !== null) throw new IlotError('PARTITION_ARCHIVED');
  return row;
}

export const quotasOfPartition = (row: Pick<PartitionRow, 'quota_documents' | 'quota_volume_bytes'>): Quotas => ({
  documents: row.quota_documents,
  volumeBytes: row.quota_volume_bytes,
});

/** The space's quotas, the A accounts' share and what the partitions take. */
export async function spaceShares(tx: Tx, spaceId: number): Promise<Static<typeof SpaceShares>> {
  const [space, sums] = await Promise.all([
    tx
      .selectFrom('spaces')
      .select(['quota_documents', 'quota_volume_bytes', 'a_share_documents', 'a_share_volume_bytes'])
      .where('id', '=', spaceId)
      .executeTakeFirstOrThrow(),
    tx
      .selectFrom('partitions')
      .select((eb) => [eb.fn.sum<number>('quota_documents').as('documents'), eb.fn.sum<number>('quota_volume_bytes').as('volume')])
      .where('space_id', '=', spaceId)
      .executeTakeFirstOrThrow(),
  ]);
  return {
    space: { documents: space.quota_documents, volumeBytes: space.quota_volume_bytes },
    aShare: { documents: space.a_share_documents, volumeBytes: space.a_share_volume_bytes },
    partitions: { documents: Number(sums.documents ?? 0), volumeBytes: Number(sums.volume ?? 0) },
  };
}

/** Refuses a change of the partitions' quotas or of the A share (by `delta`) that would take them past the space's. */
export async function checkSpaceFits(tx: Tx, spaceId: number, delta: Quotas): Promise<void> {
  const shares = await spaceShares(tx, spaceId);
  for (const d of dimensions) {
    const bound = shares.space[d];
    if (bound !== null && breaks(shares.partitions[d] + shares.aShare[d], bound, delta[d], 0))
      throw new IlotError('QUOTAS_EXCEED_SPACE', undefined, { quota: d });
  }
}

/** What the quotas of a partition's O accounts add up to. */
export async function allocated(tx: Tx, spaceId: number, partitionId: string): Promise<Quotas> {
  const sums = await tx
    .selectFrom('accounts')
    .select((eb) => [eb.fn.sum<number>('quota_documents').as('documents'), eb.fn.sum<number>('quota_volume_bytes').as('volume')])
    .where('space_id', '=', spaceId)
    .where('partition_id', '=', partitionId)
    .where('kind', '=', 'O')
    .executeTakeFirstOrThrow();
  return { documents: Number(sums.documents ?? 0), volumeBytes: Number(sums.volume ?? 0) };
}

/**
 * Refuses a change that would take a partition's accounts past its quotas: its accounts' quotas
 * moving by `accounts`, or its own by `partition`. An archived partition takes no rise.
 */
export async function checkPartitionFits(
  tx: Tx,
  spaceId: number,
  partition: PartitionRow,
  change: { accounts?: Quotas; partition?: Quotas },
): Promise<void> {
  const { accounts = none, partition: own = none } = change;
  if (partition.archived_at !== null && dimensions.some((d) => accounts[d] > 0 || own[d] > 0)) throw new IlotError('PARTITION_ARCHIVED');
  const sums = await allocated(tx, spaceId, partition.id);
  const bound = quotasOfPartition(partition);
  for (const d of dimensions) {
    if (breaks(sums[d], bound[d], accounts[d], own[d])) throw new IlotError('QUOTAS_EXCEED_PARTITION', undefined, { quota: d });
  }
}

/** The move from quotas `before` to `after`. */
export const delta = (before: Quotas, after: Quotas): Quotas => ({
  documents: after.documents - before.documents,
  volumeBytes: after.volumeBytes - before.volumeBytes,
});

/** An O account of the partition, or ACCOUNT_NOT_IN_PARTITION. */
export async function accountOfPartition(tx: Tx, spaceId: number, partitionId: string, accountId: string) {
  const account = await accountRow(tx, spaceId, accountId);
  if (account.kind !== 'O' || account.partition_id !== partitionId) throw new IlotError('ACCOUNT_NOT_IN_PARTITION');
  return account;
}

/** An account of the space, or ACCOUNT_NOT_FOUND. */
export async function accountRow(tx: Tx, spaceId: number, accountId: string) {
  const account = await tx
    .selectFrom('accounts')
    .select(['id', 'kind', 'partition_id', 'roles', 'quota_documents', 'quota_volume_bytes'])
    .where('space_id', '=', spaceId)
    .where('id', '=', accountId)
    .executeTakeFirst();
  if (!account) throw new IlotError('ACCOUNT_NOT_FOUND');
  return account;
}

export const quotasOfAccount = (row: { quota_documents: number | null; quota_volume_bytes: number | null }): Quotas => ({
  documents: row.quota_documents ?? 0,
  volumeBytes: row.quota_volume_bytes ?? 0,
});

/** The partitions as the console shows them: quotas, what their accounts take, their delegates. */
export async function partitionViews(tx: Tx, spaceId: number, ids?: readonly string[]): Promise<Static<typeof PartitionView>[]> {
  if (ids?.length === 0) return [];
  let partitions = tx
    .selectFrom('partitions')
    .select(['id', 'name', 'created_at', 'archived_at', 'quota_documents', 'quota_volume_bytes'])
    .where('space_id', '=', spaceId);
  if (ids) partitions = partitions.where('id', 'in', ids);
  const [rows, accounts] = await Promise.all([
    partitions.orderBy('created_at').orderBy('id').execute(),
    tx
      .selectFrom('accounts as a')
      .leftJoin('avatars as v', (join) =>
        join.onRef('v.space_id', '=', 'a.space_id').onRef('v.account_id', '=', 'a.id').on('v.is_primary', '=', 1),
      )
      .select(['a.id', 'a.partition_id', 'a.roles', 'a.quota_documents', 'a.quota_volume_bytes', 'v.name'])
      .where('a.space_id', '=', spaceId)
      .where('a.kind', '=', 'O')
      .where('a.partition_id', 'is not', null)
      .orderBy('a.id')
      .execute(),
  ]);
  return rows.map((row) => {
    const own = accounts.filter((a) => a.partition_id === row.id);
    return {
      id: row.id,
      name: row.name,
      createdAt: row.created_at,
      archived: row.archived_at !== null,
      quotas: quotasOfPartition(row),
      allocated: own.reduce((sum, a) => addQuotas(sum, quotasOfAccount(a)), none),
      accounts: own.length,
      delegates: own.filter((a) => rolesOf(a.roles).includes('delegate')).map((a) => ({ id: a.id, name: a.name })),
    };
  });
}

const addQuotas = (a: Quotas, b: Quotas): Quotas => ({ documents: a.documents + b.documents, volumeBytes: a.volumeBytes + b.volumeBytes });

/** One partition's view. */
export async function partitionView(tx: Tx, spaceId: number, partitionId: string): Promise<Static<typeof PartitionView>> {
  return (await partitionViews(tx, spaceId, [partitionId]))[0]!;
}

/** How long an account's agreement to switch kind waits for the treasurer or a delegate. */
export const switchAgreementMs = 14 * 24 * 3600 * 1000;

/** Consumes the account's unexpired agreement to become `to`; false if it gave none. */
export async function consumeAgreement(tx: Tx, spaceId: number, accountId: string, to: 'O' | 'A', now: number): Promise<boolean> {
  const deleted = await tx
    .deleteFrom('switch_agreements')
    .where('space_id', '=', spaceId)
    .where('account_id', '=', accountId)
    .where('to_kind', '=', to)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(deleted.numDeletedRows) === 1;
}
