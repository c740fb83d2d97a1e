import { Type } from '@sinclair/typebox';
import { ScopedId } from '../ids.js';
import { Bytes, Nullable, PhraseKeys } from '../protocol.js';
import { defineContract } from './contract.js';

const ContactPhrase = { phrase: PhraseKeys('keys of the contact phrase') };

/** Reads the card of the avatar a contact phrase designates (its key wrapped under the phrase). */
export const lookupContact = defineContract({
  name: 'contact.lookup',
  summary: 'Find an avatar by its contact phrase',
  input: Type.Object(ContactPhrase, { additionalProperties: false }),
  output: Type.Object({
    avatarId: Type.String(),
    name: Type.String(),
    ecdhPublicKey: Type.String(),
    wrappedCardKey: Type.String(),
    card: Nullable(Type.String()),
  }),
});

/** Adds the avatar a contact phrase designates as a contact of one of the member's avatars, both ways. */
export const addContact = defineContract({
  name: 'contact.add',
  summary: 'Add a contact by its contact phrase',
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
});

/** Sets (or erases) the account's private comment and hashtags on a contact, encrypted under its account key. */
export const annotateContact = defineContract({
  name: 'contact.annotate',
  summary: 'Set the private comment and hashtags of a contact',
  input: Type.Object(
    { avatarId: ScopedId(), contactId: ScopedId(), note: Nullable(Bytes(8000, 'comment and hashtags, encrypted under the account key')) },
    { additionalProperties: false },
  ),
  output: Type.Object({ ok: Type.Boolean() }),
});

/** The contacts of all the member's avatars, with their cards and the account's notes (encrypted); `gone` until a deleted avatar's side is purged. */
export const listContacts = defineContract({
  name: 'contact.list',
  summary: "List the contacts of this account's avatars",
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
        origin: Type.Union([Type.Literal('sponsorship'), Type.Literal('phrase')]),
        createdAt: Type.Integer(),
        gone: Type.Boolean(),
      }),
    ),
  }),
});
