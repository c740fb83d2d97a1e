import type { Insertable } from 'kysely';
import { IlotError } from '../shared/errors.js';
import { newScopedId } from '../shared/ids.js';
import type { Tx } from '../store/database.js';
import type { AccountsTable } from '../store/schema.js';

/** What a client sends for a new avatar (public keys; private and card keys wrapped under its account key). */
export interface AvatarKeysInput {
  ecdhPublicKey: string;
  signingPublicKey: string;
  wrappedPrivateKeys: string;
  wrappedCardKey: string;
}

/** Records a new avatar of an account and returns its id (a collision of ids is retried by the transaction). */
export async function insertAvatar(tx: Tx, spaceId: number, accountId: string, name: string, keys: AvatarKeysInput, primary: boolean, now: number): Promise<string> {
  const id = newScopedId(spaceId, 'avatar');
  await tx
    .insertInto('avatars')
    .values({
      space_id: spaceId,
      id,
      account_id: accountId,
      name,
      ecdh_public_key: keys.ecdhPublicKey,
      signing_public_key: keys.signingPublicKey,
      wrapped_private_keys: keys.wrappedPrivateKeys,
      wrapped_card_key: keys.wrappedCardKey,
      is_primary: primary ? 1 : 0,
      card: null,
      contact_prefix_id: null,
      contact_auth_hash: null,
      contact_card_key: null,
      created_at: now,
    })
    .execute();
  return id;
}

export async function insertAccount(tx: Tx, account: Insertable<AccountsTable>): Promise<void> {
  await tx.insertInto('accounts').values(account).execute();
}

/** An avatar of the member's own account; AVATAR_NOT_FOUND otherwise, whether it exists elsewhere or not. */
export async function ownAvatar(tx: Tx, member: { spaceId: number; accountId: string }, avatarId: string) {
  const row = await tx.selectFrom('avatars').selectAll().where('space_id', '=', member.spaceId).where('id', '=', avatarId).executeTakeFirst();
  if (!row || row.account_id !== member.accountId) throw new IlotError('AVATAR_NOT_FOUND');
  return row;
}

/** The member's own account row. */
export async function ownAccount(tx: Tx, member: { spaceId: number; accountId: string }) {
  return tx.selectFrom('accounts').selectAll().where('space_id', '=', member.spaceId).where('id', '=', member.accountId).executeTakeFirstOrThrow();
}

/** Makes two avatars contacts of each other, each holding the other's card key wrapped for itself. */
export async function insertContactPair(
  tx: Tx,
  spaceId: number,
  pair: { a: string; b: string; cardKeyOfBForA: string; cardKeyOfAForB: string },
  origin: 'sponsorship' | 'phrase',
  now: number,
): Promise<void> {
  await tx
    .insertInto('contacts')
    .values([
      { space_id: spaceId, avatar_id: pair.a, contact_id: pair.b, card_key: pair.cardKeyOfBForA, note: null, origin, created_at: now },
      { space_id: spaceId, avatar_id: pair.b, contact_id: pair.a, card_key: pair.cardKeyOfAForB, note: null, origin, created_at: now },
    ])
    .execute();
}

/** The roles of an account as stored (comma-separated, '' for none). */
export function rolesOf(stored: string): string[] {
  return stored ? stored.split(',') : [];
}
