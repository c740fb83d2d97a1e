import { sql } from 'kysely';
import { IlotError } from '../shared/errors.js';
import type { Tx } from '../store/database.js';

/**
 * The next version of a subtree, taken in the caller's transaction: concurrent writers of one
 * subtree take turns on its row, so versions are never shared by two operations.
 */
export async function nextVersion(tx: Tx, spaceId: number, subtree: string): Promise<number> {
  const { rows } = await sql<{ version: number }>`
    insert into subtree_versions (space_id, subtree, version) values (${spaceId}, ${subtree}, 1)
    on conflict (space_id, subtree) do update set version = subtree_versions.version + 1
    returning version`.execute(tx);
  return Number(rows[0]!.version);
}

/**
 * Adds to an account's usage (negative to release), in the caller's transaction, and returns the
 * usage after it: concurrent writers take turns on the row, so a check of the result against a
 * quota cannot be passed by two of them at once.
 */
export async function addUsage(
  tx: Tx,
  spaceId: number,
  accountId: string,
  change: { documents?: number; volumeBytes?: number },
): Promise<{ documents: number; volumeBytes: number }> {
  const documents = change.documents ?? 0;
  const volume = change.volumeBytes ?? 0;
  const { rows } = await sql<{ documents: number; volume_bytes: number }>`
    insert into account_usage (space_id, account_id, documents, volume_bytes) values (${spaceId}, ${accountId}, ${documents}, ${volume})
    on conflict (space_id, account_id) do update set documents = account_usage.documents + ${documents}, volume_bytes = account_usage.volume_bytes + ${volume}
    returning documents, volume_bytes`.execute(tx);
  return { documents: Number(rows[0]!.documents), volumeBytes: Number(rows[0]!.volume_bytes) };
}

/**
 * Adds what a growth operation takes to an account's usage, and refuses it (QUOTA_EXCEEDED, which
 * rolls the addition back) when the usage after it passes a quota. The addition takes the usage
 * row first: concurrent growths take turns, so each checks the usage its predecessors left and
 * together they cannot pass the quota (a check of the usage read before would let them all by).
 */
export async function takeUsage(
  tx: Tx,
  spaceId: number,
  accountId: string,
  change: { documents?: number; volumeBytes?: number },
  quotas: QuotaUse | null,
): Promise<void> {
  const after = await addUsage(tx, spaceId, accountId, change);
  checkQuotas(after, change, quotas, 0);
}

/** Refuses (QUOTA_EXCEEDED) a growth that the usage already counted would take past a quota; takes nothing. */
export function checkFits(quotas: QuotaUse | null, change: { documents?: number; volumeBytes?: number }): void {
  if (quotas) checkQuotas({ documents: quotas.documents.used, volumeBytes: quotas.volumeBytes.used }, change, quotas, 1);
}

/** `before`: 1 when `usage` does not count `change` yet, 0 when it does. */
function checkQuotas(
  usage: { documents: number; volumeBytes: number },
  change: { documents?: number; volumeBytes?: number },
  quotas: QuotaUse | null,
  before: 0 | 1,
): void {
  for (const measure of ['documents', 'volumeBytes'] as const) {
    const requested = change[measure] ?? 0;
    const quota = quotas?.[measure].quota ?? null;
    const used = usage[measure] - (before ? 0 : requested);
    if (requested > 0 && quota !== null && used + requested > quota)
      throw new IlotError(
        'QUOTA_EXCEEDED',
        `This would take the account past its ${measure === 'documents' ? 'documents' : 'volume'} quota.`,
        { [measure]: { used, quota }, requested },
      );
  }
}

/** An account's quotas and usage (null quotas: no limit of its own). */
export async function quotaUse(tx: Tx, spaceId: number, accountId: string) {
  const row = await tx
    .selectFrom('accounts')
    .leftJoin('account_usage', (join) =>
      join.onRef('account_usage.space_id', '=', 'accounts.space_id').onRef('account_usage.account_id', '=', 'accounts.id'),
    )
    .select(['accounts.quota_documents', 'accounts.quota_volume_bytes', 'account_usage.documents', 'account_usage.volume_bytes'])
    .where('accounts.space_id', '=', spaceId)
    .where('accounts.id', '=', accountId)
    .executeTakeFirst();
  return useOf(row);
}

/** Quotas and usage from the columns of accounts and account_usage (usage absent: nothing used). */
export function useOf(
  row:
    | { quota_documents: number | null; quota_volume_bytes: number | null; documents: number | null; volume_bytes: number | null }
    | undefined,
) {
  return {
    documents: { used: Number(row?.documents ?? 0), quota: row?.quota_documents ?? null },
    volumeBytes: { used: Number(row?.volume_bytes ?? 0), quota: row?.quota_volume_bytes ?? null },
  };
}

export type QuotaUse = ReturnType<typeof useOf>;
