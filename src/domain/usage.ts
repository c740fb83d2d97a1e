import { sql } from 'kysely';
import { IlotError } from '../shared/errors.js';
import type { Tx } from '../store/database.js';
import { dayOf, maskOf, remask, unmasked, type Measure } from './masks.js';

// An account's usage (documents, volume) is exact but kept masked (see masks.ts): quotas are
// checked by the account's own sessions, which presented the key.

/** What the usage of an account is added to and read by: a member session (its key null when it presented none). */
export interface UsageOwner {
  spaceId: number;
  accountId: string;
  usageKey: string | null;
}

export interface Usage {
  documents: number;
  volumeBytes: number;
}

/** A usage row as stored: masked figures and the day of their mask (0: not masked). */
export interface StoredUsage {
  documents: number | string | null;
  volume_bytes: number | string | null;
  mask_day: number | string | null;
}

const masked: Record<string, Measure> = { documents: 'documents', volume_bytes: 'volume' };

/** The true usage of a stored row (none: nothing used); USAGE_KEY_MISSING when it is masked and the session presented no key. */
export function unmaskUsage(row: StoredUsage | undefined, usageKey: string | null): Usage {
  const day = Number(row?.mask_day ?? 0);
  if (day !== 0 && usageKey === null) throw new IlotError('USAGE_KEY_MISSING');
  return {
    documents: unmasked(row?.documents, usageKey ?? '', 'documents', day),
    volumeBytes: unmasked(row?.volume_bytes, usageKey ?? '', 'volume', day),
  };
}

/**
 * Adds to an account's usage (negative to release), in the caller's transaction, and returns the
 * usage after it (null when the session cannot read it: no key): concurrent writers take turns on
 * the row, so a check of the result against a quota cannot be passed by two of them at once. The
 * first change of a day moves the row to the day's mask.
 */
export async function addUsage(tx: Tx, owner: UsageOwner, change: Partial<Usage>, now: number): Promise<Usage | null> {
  const documents = change.documents ?? 0;
  const volume = change.volumeBytes ?? 0;
  // A new row is masked at once when the key is known (it is, for every session that presented).
  const day = owner.usageKey === null ? 0 : dayOf(now);
  const key = owner.usageKey ?? '';
  const { rows } = await sql<StoredUsage>`
    insert into account_usage (space_id, account_id, documents, volume_bytes, mask_day)
    values (${owner.spaceId}, ${owner.accountId}, ${documents + maskOf(key, 'documents', day)}, ${volume + maskOf(key, 'volume', day)}, ${day})
    on conflict (space_id, account_id) do update set documents = account_usage.documents + ${documents},
      volume_bytes = account_usage.volume_bytes + ${volume}
    returning documents, volume_bytes, mask_day`.execute(tx);
  const row = rows[0]!;
  const stored = Number(row.mask_day);
  if (owner.usageKey === null) return stored === 0 ? unmaskUsage(row, null) : null;
  if (stored !== day) await remask(tx, 'account_usage', where(owner), masked, owner.usageKey, stored, day);
  return unmaskUsage(row, owner.usageKey);
}

/**
 * Gives an account's usage row the mask of the day (creating it, with nothing used, if there is
 * none): at sign-in, so that two copies of the database taken on either side of a session do not
 * show what it changed. `maskDay`: the row's, when the caller read it (null: no row).
 */
export async function maskUsage(tx: Tx, owner: UsageOwner & { usageKey: string }, now: number, maskDay?: number | null): Promise<void> {
  const day = dayOf(now);
  const row =
    maskDay === undefined
      ? await tx
          .selectFrom('account_usage')
          .select('mask_day')
          .where('space_id', '=', owner.spaceId)
          .where('account_id', '=', owner.accountId)
          .executeTakeFirst()
      : maskDay === null
        ? undefined
        : { mask_day: maskDay };
  if (row === undefined)
    await tx
      .insertInto('account_usage')
      .values({
        ...where(owner),
        documents: maskOf(owner.usageKey, 'documents', day),
        volume_bytes: maskOf(owner.usageKey, 'volume', day),
        mask_day: day,
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
  else if (Number(row.mask_day) !== day) await remask(tx, 'account_usage', where(owner), masked, owner.usageKey, Number(row.mask_day), day);
}

const where = (owner: UsageOwner) => ({ space_id: owner.spaceId, account_id: owner.accountId });

/**
 * Adds what a growth operation takes to an account's usage, and refuses it (QUOTA_EXCEEDED, which
 * rolls the addition back) when the usage after it passes a quota. The addition takes the usage
 * row first: concurrent growths take turns, so each checks the usage its predecessors left and
 * together they cannot pass the quota (a check of the usage read before would let them all by).
 */
export async function takeUsage(tx: Tx, owner: UsageOwner, change: Partial<Usage>, quotas: QuotaUse | null, now: number): Promise<void> {
  const after = await addUsage(tx, owner, change, now);
  if (after === null) throw new IlotError('USAGE_KEY_MISSING');
  checkQuotas(after, change, quotas, 0);
}

/** Refuses (QUOTA_EXCEEDED) a growth that the usage already counted would take past a quota; takes nothing. */
export function checkFits(quotas: QuotaUse | null, change: Partial<Usage>): void {
  if (quotas) checkQuotas({ documents: quotas.documents.used, volumeBytes: quotas.volumeBytes.used }, change, quotas, 1);
}

/** `before`: 1 when `usage` does not count `change` yet, 0 when it does. */
function checkQuotas(usage: Usage, change: Partial<Usage>, quotas: QuotaUse | null, before: 0 | 1): void {
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
export async function quotaUse(tx: Tx, owner: UsageOwner) {
  const row = await tx
    .selectFrom('accounts')
    .leftJoin('account_usage', (join) =>
      join.onRef('account_usage.space_id', '=', 'accounts.space_id').onRef('account_usage.account_id', '=', 'accounts.id'),
    )
    .select(['accounts.quota_documents', 'accounts.quota_volume_bytes', 'account_usage.documents', 'account_usage.volume_bytes'])
    .select('account_usage.mask_day')
    .where('accounts.space_id', '=', owner.spaceId)
    .where('accounts.id', '=', owner.accountId)
    .executeTakeFirst();
  return useOf(row, owner.usageKey);
}

/** Quotas and usage from the columns of accounts and account_usage (usage absent: nothing used). */
export function useOf(
  row: (StoredUsage & { quota_documents: number | null; quota_volume_bytes: number | null }) | undefined,
  usageKey: string | null,
) {
  const used = unmaskUsage(row, usageKey);
  return {
    documents: { used: used.documents, quota: row?.quota_documents ?? null },
    volumeBytes: { used: used.volumeBytes, quota: row?.quota_volume_bytes ?? null },
  };
}

export type QuotaUse = ReturnType<typeof useOf>;
