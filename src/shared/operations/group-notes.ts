import { Type } from '@sinclair/typebox';
import { authorshipSignaturePattern } from '../crypto/authorship.js';
import { ScopedId } from '../ids.js';
import { ByteSize, Count, Serial } from '../integers.js';
import { noteMaxLength } from '../limits.js';
import { Bytes, Nullable } from '../protocol.js';
import { defineContract } from './contract.js';

// Notes of a group and its host. A group note is sealed by the client under the group's key (the
// server records which version) and each writing is signed by the writing avatar; the server sees
// ids, parents, sizes, versions, months and which avatars wrote. The host's account carries the
// group's maxima; without a host the group cannot grow.

const Payload = () => Bytes(2 * noteMaxLength, 'text, encrypted by the client under the group key');
const Signature = () =>
  Type.String({ pattern: authorshipSignaturePattern, description: 'ECDSA P-256 signature (raw r‖s, base64url) of the authorship' });
const KeyVersion = () => Serial({ minimum: 1, description: 'version of the group key the payload is sealed under' });
const Hashtags = () => Nullable(Bytes(4000, 'hashtags, encrypted by the client (null: none)'));

/** The note written and the version of the subtree that holds the change. */
const Written = Type.Object({ id: Type.String(), version: Type.Integer() });

/** Writes a note in a group, as one of the member's avatars (active, with read-write access to notes). */
export const createGroupNote = defineContract({
  name: 'groupNote.create',
  summary: 'Create a note in a group',
  input: Type.Object(
    {
      groupId: ScopedId(),
      avatarId: ScopedId({ description: 'the member avatar that writes and signs' }),
      parentId: Nullable(ScopedId({ description: 'a note of the same group' })),
      keyVersion: KeyVersion(),
      payload: Payload(),
      signature: Signature(),
    },
    { additionalProperties: false },
  ),
  output: Written,
});

/** Changes a group note's text (a new signed authorship) and, if given, its parent. */
export const editGroupNote = defineContract({
  name: 'groupNote.edit',
  summary: 'Edit a note of a group',
  input: Type.Object(
    {
      noteId: ScopedId(),
      avatarId: ScopedId(),
      keyVersion: KeyVersion(),
      payload: Payload(),
      signature: Signature(),
      parentId: Type.Optional(Nullable(ScopedId())),
    },
    { additionalProperties: false },
  ),
  output: Written,
});

/** Deletes a group note: a tombstone; its group children move up to its parent; its files go. */
export const deleteGroupNote = defineContract({
  name: 'groupNote.delete',
  summary: 'Delete a note of a group',
  input: Type.Object({ noteId: ScopedId(), avatarId: ScopedId() }, { additionalProperties: false }),
  output: Written,
});

/** A moderator sets the group hashtags of a group note, which every member sees (sealed under the group key). */
export const setGroupHashtags = defineContract({
  name: 'groupNote.setGroupHashtags',
  summary: 'Set the group hashtags of a group note (moderators)',
  input: Type.Object(
    { noteId: ScopedId(), avatarId: ScopedId(), keyVersion: KeyVersion(), hashtags: Hashtags() },
    { additionalProperties: false },
  ),
  output: Written,
});

/** A member sets its own hashtags on a group note, sealed under its account key, synced in its avatar's subtree. */
export const setPrivateHashtags = defineContract({
  name: 'groupNote.setHashtags',
  summary: 'Set the private hashtags of a member on a group note',
  input: Type.Object({ noteId: ScopedId(), avatarId: ScopedId(), hashtags: Hashtags() }, { additionalProperties: false }),
  output: Type.Object({ version: Type.Integer() }),
});

/** The signing public keys of the avatars that wrote a group's notes: what a reader's client checks their authorships with. */
export const groupNoteWriters = defineContract({
  name: 'groupNote.writers',
  summary: "List the signing public keys of the writers of a group's notes",
  input: Type.Object(
    { groupId: ScopedId(), avatarId: ScopedId({ description: 'an avatar of this session that reads the notes' }) },
    { additionalProperties: false },
  ),
  output: Type.Object({
    writers: Type.Array(Type.Object({ avatarId: Type.String(), signingPublicKey: Type.String({ description: 'SPKI, base64url' }) })),
  }),
});

/** An active member becomes the group's host, or the host changes the maxima: its account carries them. */
export const hostGroup = defineContract({
  name: 'group.host',
  summary: 'Host a group (or change its maxima): its account carries the group’s documents and volume',
  input: Type.Object(
    {
      groupId: ScopedId(),
      avatarId: ScopedId({ description: 'the member avatar that hosts' }),
      maxDocuments: Count(100_000, { description: 'notes the group may hold' }),
      maxVolumeBytes: ByteSize({ description: 'bytes of files the group may hold' }),
    },
    { additionalProperties: false },
  ),
  output: Type.Object({ documents: Type.Integer(), volumeBytes: Type.Integer() }),
});

/** The host stops hosting: its account is released, and the group cannot grow until another member hosts it. */
export const unhostGroup = defineContract({
  name: 'group.unhost',
  summary: 'Stop hosting a group',
  input: Type.Object({ groupId: ScopedId(), avatarId: ScopedId() }, { additionalProperties: false }),
  output: Type.Object({ hostlessSince: Type.Integer() }),
});

/** What a member sees of a group's hosting: the host, the maxima, what the group holds, and, hostless, when it will be destroyed. */
export const showHosting = defineContract({
  name: 'group.hosting',
  summary: 'Show the host, maxima and figures of a group',
  input: Type.Object(
    { groupId: ScopedId(), avatarId: ScopedId({ description: 'an active member avatar of this session' }) },
    { additionalProperties: false },
  ),
  output: Type.Object({
    hostAvatarId: Nullable(Type.String()),
    maxDocuments: Type.Integer(),
    maxVolumeBytes: Type.Integer(),
    documents: Type.Integer({ description: 'notes the group holds' }),
    volumeBytes: Type.Integer({ description: 'bytes of files the group holds' }),
    hostlessSince: Nullable(Type.Integer()),
    destroyedAfter: Nullable(Type.Integer({ description: 'hostless: when the daily task destroys it' })),
    noticedAt: Nullable(Type.Integer({ description: 'hostless: when its members were told of its coming destruction' })),
  }),
});
