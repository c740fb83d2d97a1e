import { createHmac } from 'node:crypto';
import { sql } from 'kysely';
import { IlotError } from '../shared/errors.js';
import type { Tx } from '../store/database.js';

// An account's usage (documents, volume) is exact but kept masked: each figure plus a mask drawn
// from an HMAC, under the account's usage key, of the day the mask was set. Only the account's
// client derives the key (from its account key); its sessions present it and the server keeps it
// sealed in the session's state. A copy of the database thus cannot add up the sizes of avatars
// to find an account's usage, and two copies a day or more apart cannot subtract one usage from
// the other: the first write of each day (and each sign-in) draws the next day's mask. Adding and
// removing need no key; reading the true figure does, so quotas are checked by the account's own
// sessions only.

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

const dayMs = 86_400_000;
/** The day (UTC, counted from 1970) whose mask a row should wear at instant `now`. */
const dayOf = (now: number) => Math.floor(now / dayMs);

/**
 * The mask of a measure for a day. Documents are an `integer` column (32 bits on PostgreSQL), so
 * their mask stays under 2^30; volumes are `bigint`, and with a mask under 2^48 they stay exact in
 * JavaScript numbers.
 */
function maskOf(usageKey: string, measure: 'documents' | 'volume', day: number): number {
  if (day === 0) return 0;
  const mac = createHmac('sha256', Buffer.from(usageKey, 'base64url')).update(`ilot/v1/usage-mask/${measure}/${day}`).digest();
  return measure === 'documents' ? mac.readUInt32BE(0) & 0x3fffffff : mac.readUIntBE(0, 6);
}

/** The true usage of a stored row (none: nothing used); USAGE_KEY_MISSING when it is masked and the session presented no key. */
export function unmaskUsage(row: StoredUsage | undefined, usageKey: string | null): Usage {
  const day = Number(row?.mask_day ?? 0);
  if (day !== 0 && usageKey === null) throw new IlotError('USAGE_KEY_MISSING');
  return {
    documents: Number(row?.documents ?? 0) - (day && maskOf(usageKey!, 'documents', day)),
    volumeBytes: Number(row?.volume_bytes ?? 0) - (day && maskOf(usageKey!, 'volume', day)),
  };
}

/**
 * Adds to an account's usage (negative to release), in the caller's transaction, and returns the
 * stored row after it: concurrent writers take turns on the row, so a check of the result against
 * a quota cannot be passed by two of them at once. The first change of a day draws the day's mask.
 */
export async function addUsage(tx: Tx, owner: UsageOwner, change: Partial<Usage>, now: number): Promise<StoredUsage> {
  const documents = change.documents ?? 0;
  const volume = change.volumeBytes ?? 0;
  // A new row is masked at once when the key is known (it is, for every session that presented).
  const day = owner.usageKey === null ? 0 : dayOf(now);
  const { rows } = await sql<StoredUsage>`
    insert into account_usage (space_id, account_id, documents, volume_bytes, mask_day)
    values (${owner.spaceId}, ${owner.accountId}, ${documents + (day && maskOf(owner.usageKey!, 'documents', day))},
      ${volume + (day && maskOf(owner.usageKey!, 'volume', day))}, ${day})
    on conflict (space_id, account_id) do update set documents = account_usage.documents + ${documents},
      volume_bytes = account_usage.volume_bytes + ${volume}
    returning documents, volume_bytes, mask_day`.execute(tx);
  const row = rows[0]!;
  return day !== 0 && Number(row.mask_day) !== day ? ((await remask(tx, owner, row, day)) ?? row) : row;
}

/**
 * Gives an account's usage row the mask of the day (creating it, with nothing used, if there is
 * none): at sign-in, so that two copies of the database taken on either side of a session do not
 * show what it changed.
 */
export async function maskUsage(tx: Tx, owner: UsageOwner & { usageKey: string }, now: number): Promise<void> {
  const day = dayOf(now);
  const row = await tx
    .selectFrom('account_usage')
    .select(['documents', 'volume_bytes', 'mask_day'])
    .where('space_id', '=', owner.spaceId)
    .where('account_id', '=', owner.accountId)
    .executeTakeFirst();
  if (row === undefined)
    await tx
      .insertInto('account_usage')
      .values({
        space_id: owner.spaceId,
        account_id: owner.accountId,
        documents: maskOf(owner.usageKey, 'documents', day),
        volume_bytes: maskOf(owner.usageKey, 'volume', day),
        mask_day: day,
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
  else if (Number(row.mask_day) !== day) await remask(tx, owner, row, day);
}

/** Moves a row from its mask to the day's; undefined when another session moved it first (its row then wears the day's mask too). */
async function remask(tx: Tx, owner: UsageOwner, row: StoredUsage, day: number): Promise<StoredUsage | undefined> {
  const key = owner.usageKey!;
  const old = Number(row.mask_day);
  return tx
    .updateTable('account_usage')
    .set((eb) => ({
      documents: eb('documents', '+', maskOf(key, 'documents', day) - (old && maskOf(key, 'documents', old))),
      volume_bytes: eb('volume_bytes', '+', maskOf(key, 'volume', day) - (old && maskOf(key, 'volume', old))),
      mask_day: day,
    }))
    .where('space_id', '=', owner.spaceId)
    .where('account_id', '=', owner.accountId)
    .where('mask_day', '=', old)
    .returning(['documents', 'volume_bytes', 'mask_day'])
    .executeTakeFirst();
}

/**
 * Adds what a growth operation takes to an account's usage, and refuses it (QUOTA_EXCEEDED, which
 * rolls the addition back) when the usage after it passes a quota. The addition takes the usage
 * row first: concurrent growths take turns, so each checks the usage its predecessors left and
 * together they cannot pass the quota (a check of the usage read before would let them all by).
 */
export async function takeUsage(tx: Tx, owner: UsageOwner, change: Partial<Usage>, quotas: QuotaUse | null, now: number): Promise<void> {
  const after = unmaskUsage(await addUsage(tx, owner, change, now), owner.usageKey);
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
