import { IlotError } from '../shared/errors.js';
import type { Tx } from '../store/database.js';
import { keyMatches } from './secrets.js';
import { monthStart } from './lifetime.js';

/** Makes two avatars contacts of each other, each holding the other's card key wrapped for itself. */
export async function insertContactPair(
  tx: Tx,
  spaceId: number,
  pair: { a: string; b: string; cardKeyOfBForA: string; cardKeyOfAForB: string },
  origin: 'sponsorship' | 'phrase',
  now: number,
): Promise<void> {
  // A contact keeps its month, no finer: nothing lines it up with its accounts' other records.
  const month = monthStart(now);
  await tx
    .insertInto('contacts')
    .values([
      { space_id: spaceId, avatar_id: pair.a, contact_id: pair.b, card_key: pair.cardKeyOfBForA, note: null, origin, created_at: month },
      { space_id: spaceId, avatar_id: pair.b, contact_id: pair.a, card_key: pair.cardKeyOfAForB, note: null, origin, created_at: month },
    ])
    .execute();
}

/** One side of a contact (the contact as one avatar holds it), whoever's it is (the caller authorizes). */
export async function findContact(tx: Tx, spaceId: number, avatarId: string, contactId: string) {
  const row = await tx
    .selectFrom('contacts')
    .select(['avatar_id', 'contact_id'])
    .where('space_id', '=', spaceId)
    .where('avatar_id', '=', avatarId)
    .where('contact_id', '=', contactId)
    .executeTakeFirst();
  return row && { id: row.contact_id, avatarId: row.avatar_id };
}

/** The avatar whose contact phrase these keys are; CONTACT_PHRASE_INVALID otherwise (slowed like a failed sign-in). */
export async function avatarOfContactPhrase(tx: Tx, spaceId: number, keys: { prefixId: string; authKey: string }) {
  const row = await tx
    .selectFrom('phrase_prefixes')
    .innerJoin('avatars', (join) =>
      join.onRef('avatars.space_id', '=', 'phrase_prefixes.space_id').onRef('avatars.id', '=', 'phrase_prefixes.owner'),
    )
    .select([
      'avatars.id',
      'avatars.name',
      'avatars.ecdh_public_key',
      'avatars.card',
      'avatars.contact_auth_hash',
      'avatars.contact_card_key',
    ])
    .where('phrase_prefixes.space_id', '=', spaceId)
    .where('phrase_prefixes.prefix_id', '=', keys.prefixId)
    .where('phrase_prefixes.kind', '=', 'contact')
    .executeTakeFirst();
  if (!keyMatches(keys.authKey, row?.contact_auth_hash ?? undefined) || !row) throw new IlotError('CONTACT_PHRASE_INVALID');
  return row;
}
