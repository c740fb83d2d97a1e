import { Type } from '@sinclair/typebox';
import { ScopedId } from '../ids.js';
import { Count, Serial } from '../integers.js';
import { Nullable } from '../protocol.js';
import { defineContract } from './contract.js';

/** One writing of a group note: the avatar, the key version, the SHA-256 of the payload it wrote and its signature of them. */
const Authorship = Type.Object({
  avatarId: Type.String(),
  keyVersion: Type.Integer(),
  digest: Type.String({ description: 'SHA-256 of the payload written (base64url)' }),
  signature: Type.String({ description: 'ECDSA P-256 signature by the avatar (see shared/crypto/authorship.ts)' }),
});

/** A note as sync sends it: its text and hashtags stay ciphertext until the client opens them. */
const SyncedNote = Type.Object({
  id: Type.String(),
  subtree: Type.String({ description: 'the avatar that holds the note, or its group' }),
  parentId: Nullable(Type.String()),
  version: Type.Integer(),
  payload: Type.String({ description: 'text, hashtags and times, encrypted by the client' }),
  createdAt: Type.Integer({ description: 'first instant of the month it was created: the server keeps no finer time' }),
  updatedAt: Type.Integer({ description: 'first instant of the month of its last change' }),
  keyVersion: Type.Optional(Type.Integer({ description: 'a group note: the version of the group key its payload is sealed under' })),
  authors: Type.Optional(Type.Array(Authorship, { description: 'a group note: its writings, oldest first' })),
  groupHashtags: Type.Optional(Nullable(Type.String({ description: 'a group note: the group hashtags, under the group key' }))),
});

/** A member's own hashtags on a group note, a document of its avatar's subtree, sealed under its account key. */
const SyncedHashtags = Type.Object({
  id: Type.String(),
  subtree: Type.String({ description: 'the member avatar' }),
  noteId: Type.String({ description: 'the group note' }),
  version: Type.Integer(),
  payload: Type.String(),
});

/** A file of a note as sync sends it: its metadata, still encrypted; its content is downloaded apart. */
const SyncedFile = Type.Object({
  id: Type.String(),
  subtree: Type.String(),
  noteId: Type.String(),
  nameTag: Type.String({ description: 'same tag, same name: revisions of one file' }),
  version: Type.Integer(),
  size: Type.Integer({ description: 'bytes of ciphertext, downloaded from GET /api/files/<id>' }),
  meta: Type.String({ description: 'name, type, size, content key and time, encrypted by the client' }),
  createdAt: Type.Integer({ description: 'first instant of the month it was validated' }),
});

/** An item of a chat as sync sends it. */
const SyncedChatItem = Type.Object({
  seq: Type.Integer(),
  author: Type.String({ description: 'the avatar that wrote it' }),
  length: Type.Integer({ description: 'characters of plain text, as its author declared them' }),
  payload: Type.String({ description: 'text and time, encrypted under the chat key' }),
  createdAt: Type.Integer({ description: 'first instant of the month it was written' }),
});

/** One avatar's side of a chat as sync sends it, whole, with the items this side sees (it changed: replace it). */
const SyncedChat = Type.Object({
  id: Type.String(),
  subtree: Type.String({ description: 'the avatar whose side this is' }),
  otherId: Type.String(),
  otherName: Nullable(Type.String({ description: 'null once the other avatar is gone' })),
  urgent: Type.Boolean(),
  wrappedKey: Type.String({ description: "the chat key wrapped for this avatar's ECDH key" }),
  hungUp: Type.Boolean(),
  version: Type.Integer(),
  items: Type.Array(SyncedChatItem),
});

const Tombstone = Type.Object({ id: Type.String(), subtree: Type.String(), version: Type.Integer() });

/** A subtree and a version of it. */
const Known = Type.Object({ subtree: Type.String(), version: Type.Integer() });

/**
 * Catch-up: the client says which version of each subtree it knows; the answer holds the newer
 * documents and tombstones of the session's perimeter, in version order, up to a bounded batch that
 * ends on a version boundary. The client asks again while `more` is true.
 */
export const pullChanges = defineContract({
  name: 'sync.pull',
  summary: 'Fetch the changes of the session’s perimeter since the versions the client knows',
  input: Type.Object(
    {
      known: Type.Array(Type.Object({ subtree: ScopedId(), version: Serial() }, { additionalProperties: false }), {
        maxItems: 1000,
      }),
      maxDocuments: Type.Optional(Count(5000, { minimum: 1, default: 2000 })),
    },
    { additionalProperties: false },
  ),
  output: Type.Object({
    perimeter: Type.Array(Known, { description: 'every subtree of the perimeter with its current version' }),
    reached: Type.Array(Known, { description: 'the version the client knows, in each subtree, once it has applied this answer' }),
    reset: Type.Array(Type.String(), { description: 'subtrees to drop (not in the perimeter) or rebuild from version 0' }),
    notes: Type.Array(SyncedNote),
    files: Type.Array(SyncedFile),
    tombstones: Type.Array(Tombstone),
    chats: Type.Array(SyncedChat),
    hashtags: Type.Array(SyncedHashtags),
    more: Type.Boolean(),
  }),
});
