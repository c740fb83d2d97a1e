import { Type } from '@sinclair/typebox';
import { IlotError } from '../../../shared/errors.js';
import { ScopedId } from '../../../shared/ids.js';
import { Bytes, Nullable, PhraseKeys } from '../../../shared/protocol.js';
import { insertContactPair, ownAvatar } from '../../../domain/accounts.js';
import type { Tx } from '../../../store/database.js';
import { keyMatches } from '../../../domain/secrets.js';
import { defineOperation } from '../../pipeline/operation.js';

/** The avatar whose contact phrase these keys are; CONTACT_PHRASE_INVALID otherwise (slowed like a failed sign-in). */
async function avatarOfContactPhrase(tx: Tx, spaceId: number, keys: { prefixId: string; authKey: string }) {
  const row = await tx
    .selectFrom('phrase_prefixes')
    .innerJoin('avatars', (join) => join.onRef('avatars.space_id', '=', 'phrase_prefixes.space_id').onRef('avatars.id', '=', 'phrase_prefixes.owner'))
    .select(['avatars.id', 'avatars.name', 'avatars.ecdh_public_key', 'avatars.card', 'avatars.contact_auth_hash', 'avatars.contact_card_key'])
    .where('phrase_prefixes.space_id', '=', spaceId)
    .where('phrase_prefixes.prefix_id', '=', keys.prefixId)
    .where('phrase_prefixes.kind', '=', 'contact')
    .executeTakeFirst();
  if (!keyMatches(keys.authKey, row?.contact_auth_hash ?? undefined) || !row) throw new IlotError('CONTACT_PHRASE_INVALID');
  return row;
}

const ContactPhrase = { phrase: PhraseKeys('keys of the contact phrase') };

/** Reads the card of the avatar a contact phrase designates (its key wrapped under the phrase). */
export const lookupContact = defineOperation({
  name: 'contact.lookup',
  summary: 'Find an avatar by its contact phrase',
  access: { plane: 'member' },
  effect: 'read',
  checksCredentials: true,
  input: Type.Object(ContactPhrase, { additionalProperties: false }),
  output: Type.Object({ avatarId: Type.String(), name: Type.String(), ecdhPublicKey: Type.String(), wrappedCardKey: Type.String(), card: Nullable(Type.String()) }),
  async run(input, { tx, member }) {
    const found = await avatarOfContactPhrase(tx, member.spaceId, input.phrase);
    return { avatarId: found.id, name: found.name, ecdhPublicKey: found.ecdh_public_key, wrappedCardKey: found.contact_card_key!, card: found.card };
  },
});

/** Adds the avatar a contact phrase designates as a contact of one of the member's avatars, both ways. */
export const addContact = defineOperation({
  name: 'contact.add',
  summary: 'Add a contact by its contact phrase',
  access: { plane: 'member' },
  effect: 'growth',
  checksCredentials: true,
  input: Type.Object(
    {
      avatarId: ScopedId({ description: 'the avatar of this account that gains the contact' }),
      ...ContactPhrase,
      theirCardKeyForMe: Bytes(400, "the contact's card key wrapped for my avatar's ECDH key"),
      myCardKeyForThem: Bytes(400, "my avatar's card key wrapped for the contact's ECDH key"),
    },
    { additionalProperties: false },
  ),
  output: Type.Object({ contactId: Type.String(), name: Type.String() }),
  async run(input, { tx, member, now }) {
    const mine = await ownAvatar(tx, member, input.avatarId);
    const theirs = await avatarOfContactPhrase(tx, member.spaceId, input.phrase);
    if (theirs.id === mine.id) throw new IlotError('CONTACT_SELF');
    const existing = await tx.selectFrom('contacts').select('contact_id').where('space_id', '=', member.spaceId).where('avatar_id', '=', mine.id).where('contact_id', '=', theirs.id).executeTakeFirst();
    if (existing) throw new IlotError('CONTACT_EXISTS');
    await insertContactPair(tx, member.spaceId, { a: mine.id, b: theirs.id, cardKeyOfBForA: input.theirCardKeyForMe, cardKeyOfAForB: input.myCardKeyForThem }, 'phrase', now);
    return { contactId: theirs.id, name: theirs.name };
  },
});

/** Sets (or erases) the account's private comment and hashtags on a contact, encrypted under its account key. */
export const annotateContact = defineOperation({
  name: 'contact.annotate',
  summary: 'Set the private comment and hashtags of a contact',
  access: { plane: 'member' },
  effect: 'write',
  input: Type.Object(
    { avatarId: ScopedId(), contactId: ScopedId(), note: Nullable(Bytes(8000, 'comment and hashtags, encrypted under the account key')) },
    { additionalProperties: false },
  ),
  output: Type.Object({ ok: Type.Boolean() }),
  async run(input, { tx, member }) {
    await ownAvatar(tx, member, input.avatarId);
    const result = await tx
      .updateTable('contacts')
      .set({ note: input.note })
      .where('space_id', '=', member.spaceId)
      .where('avatar_id', '=', input.avatarId)
      .where('contact_id', '=', input.contactId)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw new IlotError('CONTACT_NOT_FOUND');
    return { ok: true };
  },
});

/**
 * The contacts of all the member's avatars, with their cards and the account's notes (encrypted).
 * A contact whose avatar was deleted shows with `gone` until the task engine purges it.
 */
export const listContacts = defineOperation({
  name: 'contact.list',
  summary: "List the contacts of this account's avatars",
  access: { plane: 'member' },
  effect: 'read',
  input: Type.Object({}, { additionalProperties: false }),
  output: Type.Object({
    contacts: Type.Array(
      Type.Object({
        avatarId: Type.String(),
        contactId: Type.String(),
        name: Nullable(Type.String()),
        ecdhPublicKey: Nullable(Type.String()),
        card: Nullable(Type.String()),
        cardKey: Type.String({ description: "the contact's card key wrapped for the holder avatar's ECDH key" }),
        note: Nullable(Type.String()),
        origin: Type.String(),
        createdAt: Type.Integer(),
        gone: Type.Boolean(),
      }),
    ),
  }),
  async run(_input, { tx, member }) {
    const rows = await tx
      .selectFrom('avatars as mine')
      .innerJoin('contacts', (join) => join.onRef('contacts.space_id', '=', 'mine.space_id').onRef('contacts.avatar_id', '=', 'mine.id'))
      .leftJoin('avatars as other', (join) => join.onRef('other.space_id', '=', 'contacts.space_id').onRef('other.id', '=', 'contacts.contact_id'))
      .select(['contacts.avatar_id', 'contacts.contact_id', 'contacts.card_key', 'contacts.note', 'contacts.origin', 'contacts.created_at', 'other.name', 'other.ecdh_public_key', 'other.card'])
      .where('mine.space_id', '=', member.spaceId)
      .where('mine.account_id', '=', member.accountId)
      .orderBy('contacts.created_at')
      .execute();
    return {
      contacts: rows.map((r) => ({
        avatarId: r.avatar_id,
        contactId: r.contact_id,
        name: r.name,
        ecdhPublicKey: r.ecdh_public_key,
        card: r.card,
        cardKey: r.card_key,
        note: r.note,
        origin: r.origin,
        createdAt: r.created_at,
        gone: r.name === null,
      })),
    };
  },
});
