import type { Static } from '@sinclair/typebox';
import { newScopedId } from '../shared/ids.js';
import type { AvatarKeys } from '../shared/protocol.js';
import type { Tx } from '../store/database.js';
import { monthStart } from './lifetime.js';

type Keys = Static<ReturnType<typeof AvatarKeys>>;

/** How an avatar belongs: the primary one names its account; a secondary one only keeps the hash of its secret and its lifetime. */
export type AvatarOwnership = { primaryOf: string } | { proofHash: string; expiresAt: number | null };

/**
 * Records a new avatar and returns its id, drawn here unless given (a secondary avatar's, drawn by
 * its owner's client so that its keyring names it in the same request). A secondary avatar's
 * creation time is its month: nothing finer may line it up with its account's other records.
 */
export async function insertAvatar(
  tx: Tx,
  spaceId: number,
  avatar: { id?: string; name: string; keys: Keys },
  ownership: AvatarOwnership,
  now: number,
): Promise<string> {
  const id = avatar.id ?? newScopedId(spaceId, 'avatar');
  const primary = 'primaryOf' in ownership;
  await tx
    .insertInto('avatars')
    .values({
      space_id: spaceId,
      id,
      account_id: primary ? ownership.primaryOf : null,
      name: avatar.name,
      ecdh_public_key: avatar.keys.ecdhPublicKey,
      signing_public_key: avatar.keys.signingPublicKey,
      wrapped_private_keys: avatar.keys.wrappedPrivateKeys,
      wrapped_card_key: avatar.keys.wrappedCardKey,
      is_primary: primary ? 1 : 0,
      card: null,
      contact_prefix_id: null,
      contact_auth_hash: null,
      contact_card_key: null,
      created_at: primary ? now : monthStart(now),
      proof_hash: primary ? null : ownership.proofHash,
      expires_at: primary ? null : ownership.expiresAt,
    })
    .execute();
  return id;
}

/** An avatar by id, whoever's it is (the caller authorizes). */
export function findAvatar(tx: Tx, spaceId: number, id: string) {
  return tx.selectFrom('avatars').selectAll().where('space_id', '=', spaceId).where('id', '=', id).executeTakeFirst();
}

/** What a client needs of one of its avatars to open its keys. */
export function avatarMaterial(row: {
  id: string;
  name: string;
  ecdh_public_key: string;
  signing_public_key: string;
  wrapped_private_keys: string;
  wrapped_card_key: string | null;
}) {
  return {
    id: row.id,
    name: row.name,
    ecdhPublicKey: row.ecdh_public_key,
    signingPublicKey: row.signing_public_key,
    wrappedPrivateKeys: row.wrapped_private_keys,
    wrappedCardKey: row.wrapped_card_key,
  };
}
