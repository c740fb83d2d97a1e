import { Type } from '@sinclair/typebox';
import { ScopedId } from '../ids.js';
import { cardMaxLength } from '../limits.js';
import { Bytes, Nullable } from '../protocol.js';
import { defineContract } from './contract.js';

// Groups: the client seals the name, the card, chat items and members' card keys under the group
// key, and the group key for each holder's avatar (ECDH); the server sees ids, states, rights and
// versions. Every operation names the avatar of the session that acts in the group.

/** A group key (or a member's card key) sealed for an avatar's ECDH public key or under a group key. */
const SealedKey = (description: string) => Bytes(400, description);
/** An avatar creates a group and becomes its first active member, moderator with every access, holding its first key. */
export const createGroup = defineContract({
  name: 'group.create',
  summary: 'Create a group',
  input: Type.Object(
    {
      avatarId: ScopedId({ description: 'the avatar of this session that creates it' }),
      name: Bytes(2000, 'the immutable name, sealed under the first group key'),
      card: Nullable(Bytes(cardMaxLength, 'the card, sealed under the first group key')),
      unanimous: Type.Boolean({ description: 'invitations need every moderator (true) or one (false)' }),
      key: SealedKey("the first group key, sealed for the creator's ECDH key"),
      cardKey: SealedKey("the creator's card key, sealed under the first group key"),
    },
    { additionalProperties: false },
  ),
  output: Type.Object({ groupId: Type.String(), version: Type.Integer() }),
});
