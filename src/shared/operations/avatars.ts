import { Type } from '@sinclair/typebox';
import { ScopedId } from '../ids.js';
import { cardMaxLength } from '../limits.js';
import { AvatarKeys, AvatarName, Bytes, Nullable, PhraseKeys } from '../protocol.js';
import { defineContract } from './contract.js';

const AvatarRef = { avatarId: ScopedId({ description: 'an avatar of this account' }) };

/** Creates a secondary avatar: its number is drawn by the server, its name is chosen once and for all. */
export const createAvatar = defineContract({
  name: 'avatar.create',
  summary: 'Create a secondary avatar',
  input: Type.Object({ name: AvatarName(), keys: AvatarKeys() }, { additionalProperties: false }),
  output: Type.Object({ id: Type.String(), name: Type.String() }),
});

/** Deletes a secondary avatar of the account; its data and the contacts' side are purged later. */
export const deleteAvatar = defineContract({
  name: 'avatar.delete',
  summary: 'Delete a secondary avatar',
  input: Type.Object(AvatarRef, { additionalProperties: false }),
  output: Type.Object({ ok: Type.Boolean() }),
});

/** Sets (or erases, with null) an avatar's card, encrypted by its owner under the card key. */
export const setCard = defineContract({
  name: 'avatar.setCard',
  summary: "Set or erase an avatar's card",
  // The schema bounds the request; the card's own limit gets its own code (CARD_TOO_LARGE).
  input: Type.Object(
    { ...AvatarRef, card: Nullable(Bytes(2 * cardMaxLength, 'the card encrypted under the card key')) },
    { additionalProperties: false },
  ),
  output: Type.Object({ ok: Type.Boolean() }),
});

/** Sets, changes or erases (null) an avatar's contact phrase; the card key is left wrapped under the phrase's wrap key. */
export const setContactPhrase = defineContract({
  name: 'avatar.setContactPhrase',
  summary: "Set, change or erase an avatar's contact phrase",
  input: Type.Object(
    {
      ...AvatarRef,
      phrase: Nullable(
        Type.Object(
          {
            ...PhraseKeys('keys of the contact phrase').properties,
            wrappedCardKey: Bytes(200, 'the card key wrapped under the phrase wrap key'),
          },
          { additionalProperties: false },
        ),
      ),
    },
    { additionalProperties: false },
  ),
  output: Type.Object({ ok: Type.Boolean() }),
});

/** The account's own avatars with their cards (encrypted) and whether each has a contact phrase. */
export const listAvatars = defineContract({
  name: 'avatar.list',
  summary: "List this account's avatars",
  input: Type.Object({}, { additionalProperties: false }),
  output: Type.Object({
    avatars: Type.Array(
      Type.Object({
        id: Type.String(),
        name: Type.String(),
        primary: Type.Boolean(),
        wrappedCardKey: Nullable(Type.String()),
        card: Nullable(Type.String()),
        hasContactPhrase: Type.Boolean(),
      }),
    ),
  }),
});
