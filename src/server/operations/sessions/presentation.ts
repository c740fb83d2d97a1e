import { createHmac } from 'node:crypto';
import { avatarSecretBytes, proofMaskLabel } from '../../../shared/crypto/avatar-proof.js';
import { IlotError } from '../../../shared/errors.js';
import { lifetimeEnd } from '../../../domain/lifetime.js';
import { extendsLifetime, type Restriction } from '../../../domain/restrictions.js';
import { keyMatches, hashKey } from '../../../domain/secrets.js';
import { maskUsage } from '../../../domain/usage.js';
import type { SpaceState } from '../../../domain/spaces.js';
import type { Tx } from '../../../store/database.js';

// What a session presents, at sign-in or just after: its secondary avatars, each with its secret
// masked by an HMAC under a secret of that request (the session token's, or the auth key at
// sign-in), and its account's usage key. Both operations check and apply it here.

/** An avatar row as a presentation checks it: its ownership, lifetime and the material the client gets back. */
export interface PresentedRow {
  id: string;
  account_id: string | null;
  proof_hash: string | null;
  expires_at: number | null;
}

/**
 * Checks each proof against the avatar's row, in constant time; one that fails refuses the whole
 * presentation. A legacy avatar of the account (still linked to it) needs no proof.
 */
export function checkProofs(
  accountId: string,
  proofSecret: string,
  presented: readonly { id: string; proof: string }[],
  rows: ReadonlyMap<string, PresentedRow>,
): void {
  for (const { id, proof } of presented) {
    const row = rows.get(id);
    if (!row) throw new IlotError('AVATAR_NOT_FOUND', undefined, { avatarId: id });
    if (row.account_id === accountId) continue;
    if (!keyMatches(secretOfProof(proofSecret, id, proof), row.proof_hash ?? undefined))
      throw new IlotError('AVATAR_PROOF_INVALID', undefined, { avatarId: id });
  }
}

/** The avatar secret a proof carries (base64url), unmasked with the request's secret: noise for a proof made for another request or avatar. */
function secretOfProof(proofSecret: string, avatarId: string, proof: string): string {
  const bytes = Buffer.from(proof, 'base64url');
  if (bytes.length !== avatarSecretBytes) return '';
  const mask = createHmac('sha256', proofSecret).update(proofMaskLabel(avatarId)).digest();
  for (let i = 0; i < bytes.length; i++) bytes[i]! ^= mask[i]!;
  return bytes.toString('base64url');
}

/**
 * Checks the usage key against the hash the account keeps, in constant time. The first key an
 * account presents is the one it keeps: the client derives it from the account key, so every
 * later session of the account presents the same.
 */
export async function checkUsageKey(
  tx: Tx,
  spaceId: number,
  accountId: string,
  usageKey: string,
  storedHash: string | null,
): Promise<void> {
  if (storedHash === null) {
    const set = await tx
      .updateTable('accounts')
      .set({ usage_key_hash: hashKey(usageKey) })
      .where('space_id', '=', spaceId)
      .where('id', '=', accountId)
      .where('usage_key_hash', 'is', null)
      .executeTakeFirst();
    if (Number(set.numUpdatedRows) === 1) return;
    // Another session set it meanwhile: compare with that one.
    const row = await tx
      .selectFrom('accounts')
      .select('usage_key_hash')
      .where('space_id', '=', spaceId)
      .where('id', '=', accountId)
      .executeTakeFirst();
    storedHash = row?.usage_key_hash ?? null;
  }
  if (!keyMatches(usageKey, storedHash ?? undefined)) throw new IlotError('USAGE_KEY_INVALID');
}

/**
 * What a checked presentation changes, unless the space is frozen or read-only: each presented
 * avatar's lifetime is extended as a sign-in extends its account's, unless the account's
 * restrictions say sign-ins no longer keep it alive (month granularity: the same
 * end for every avatar extended this month, whoever's it is; one already extended is not written
 * again), and the account's usage takes the day's mask (`usageMaskDay`: its row's, when the caller
 * read it).
 */
export async function applyPresentation(
  tx: Tx,
  owner: { spaceId: number; accountId: string; usageKey: string },
  rows: Iterable<PresentedRow>,
  space: SpaceState | null,
  restrictions: readonly Restriction[],
  now: number,
  usageMaskDay?: number | null,
): Promise<void> {
  if (space === null || space.frozen || space.read_only) return;
  const end = lifetimeEnd(now, space.lifetime_months);
  const extended = extendsLifetime(restrictions)
    ? [...rows].filter((r) => r.expires_at !== null && Number(r.expires_at) < end).map((r) => r.id)
    : [];
  if (extended.length > 0)
    await tx.updateTable('avatars').set({ expires_at: end }).where('space_id', '=', owner.spaceId).where('id', 'in', extended).execute();
  await maskUsage(tx, owner, now, usageMaskDay);
}
