import { Type } from '@sinclair/typebox';
import { ScopedId } from '../ids.js';
import { cardMaxLength } from '../limits.js';
import { AvatarKeys, AvatarName, Bytes, KeyringChange, Nullable, PhraseKeys, SecretHash } from '../protocol.js';
import { defineContract } from './contract.js';

const AvatarRef = { avatarId: ScopedId({ description: 'an avatar of this account' }) };

/**
 * Creates a secondary avatar. Its number is drawn by the client, so that the keyring sent in the
 * same request lists it with its secret; the server keeps only the secret's hash and links the
 * avatar to no account. Its name is chosen once and for all.
 */
export const createAvatar = defineContract({
  name: 'avatar.create',
  summary: 'Create a secondary avatar',
  input: Type.Object(
    {
      id: ScopedId({ description: "the new avatar's number, drawn by the client" }),
      name: AvatarName(),
      keys: AvatarKeys(),
      proofHash: SecretHash('SHA-256 of the avatar secret'),
      keyring: KeyringChange(),
    },
    { additionalProperties: false },
  ),
  output: Type.Object({ id: Type.String(), name: Type.String(), keyringRevision: Type.Integer() }),
});

/** Deletes a secondary avatar of the session, with the keyring that no longer lists it; its data and the contacts' side are purged later. */
export const deleteAvatar = defineContract({
  name: 'avatar.delete',
  summary: 'Delete a secondary avatar',
  input: Type.Object({ ...AvatarRef, keyring: KeyringChange() }, { additionalProperties: false }),
  output: Type.Object({ ok: Type.Boolean(), keyringRevision: Type.Integer() }),
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

/** The session's avatars (the primary one, then those it presented) with their cards (encrypted), and the account's keyring. */
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
    keyring: Nullable(Type.String()),
    keyringRevision: Type.Integer(),
  }),
});
