import { Type } from '@sinclair/typebox';
import { IlotError } from '../../../shared/errors.js';
import { ScopedId, newScopedId } from '../../../shared/ids.js';
import { Bytes, Nullable, noteMaxLength } from '../../../shared/protocol.js';
import type { Tx } from '../../../store/database.js';
import { addUsage, nextVersion, nextVersionOfOwnAvatar } from '../../../domain/versions.js';
import { defineOperation } from '../../pipeline/operation.js';
import type { Member } from '../../pipeline/principal.js';
import { abandonUploads, removeFiles } from '../../../domain/files.js';
import { ownNote } from '../../../domain/notes.js';

// The schema bounds the request; the note's own limit gets its own code.
const Payload = () => Bytes(2 * noteMaxLength, 'text and hashtags, encrypted by the client');

function checkSize(payload: string): void {
  if (payload.length > noteMaxLength) throw new IlotError('NOTE_TOO_LARGE', undefined, { maxLength: noteMaxLength });
}

/** Checks a parent: a note of the same avatar, and not the note itself or one of its descendants. */
async function checkParent(tx: Tx, spaceId: number, subtree: string, parentId: string | null, noteId: string | null): Promise<void> {
  for (let current = parentId; current !== null; ) {
    if (current === noteId) throw new IlotError('NOTE_CYCLE');
    const parent = await tx.selectFrom('notes').select(['subtree', 'parent_id']).where('space_id', '=', spaceId).where('id', '=', current).executeTakeFirst();
    if (!parent || parent.subtree !== subtree) throw new IlotError('NOTE_NOT_FOUND', 'The parent note is not a note of this avatar.', { field: 'parentId' });
    // A new note cannot close a cycle: only its parent needs checking.
    current = noteId === null ? null : parent.parent_id;
  }
}

/** Creates a note under an avatar of the member, or under another of its notes. */
export const createNote = defineOperation({
  name: 'note.create',
  summary: 'Create a personal note',
  access: { plane: 'member' },
  effect: 'growth',
  input: Type.Object({ avatarId: ScopedId(), parentId: Nullable(ScopedId()), payload: Payload() }, { additionalProperties: false }),
  output: Type.Object({ id: Type.String(), version: Type.Integer() }),
  async run(input, { tx, member, now, notify }) {
    checkSize(input.payload);
    const version = await nextVersionOfOwnAvatar(tx, member.spaceId, member.accountId, input.avatarId);
    if (version === null) throw new IlotError('AVATAR_NOT_FOUND');
    await checkParent(tx, member.spaceId, input.avatarId, input.parentId, null);
    const id = newScopedId(member.spaceId, 'note');
    await tx
      .insertInto('notes')
      .values({ space_id: member.spaceId, id, subtree: input.avatarId, parent_id: input.parentId, version, size: input.payload.length, payload: input.payload, created_at: now, updated_at: now })
      .execute();
    await addUsage(tx, member.spaceId, member.accountId, { documents: 1 });
    notify({ spaceId: member.spaceId, subtree: input.avatarId, version });
    return { id, version };
  },
});

/** Changes a note's text (payload) and, if given, its parent. */
export const editNote = defineOperation({
  name: 'note.edit',
  summary: 'Edit a personal note',
  access: { plane: 'member' },
  effect: 'write',
  input: Type.Object({ noteId: ScopedId(), payload: Payload(), parentId: Type.Optional(Nullable(ScopedId())) }, { additionalProperties: false }),
  output: Type.Object({ id: Type.String(), version: Type.Integer() }),
  async run(input, { tx, member, now, notify }) {
    checkSize(input.payload);
    const note = await ownNote(tx, member, input.noteId);
    const parentId = input.parentId === undefined ? note.parent_id : input.parentId;
    if (parentId !== note.parent_id) await checkParent(tx, member.spaceId, note.subtree, parentId, note.id);
    const version = await nextVersion(tx, member.spaceId, note.subtree);
    await tx
      .updateTable('notes')
      .set({ payload: input.payload, size: input.payload.length, parent_id: parentId, version, updated_at: now })
      .where('space_id', '=', member.spaceId)
      .where('id', '=', note.id)
      .execute();
    notify({ spaceId: member.spaceId, subtree: note.subtree, version });
    return { id: note.id, version };
  },
});

/** Deletes a note: it leaves a tombstone; its children move up to its parent; its files are deleted. */
export const deleteNote = defineOperation({
  name: 'note.delete',
  summary: 'Delete a personal note',
  access: { plane: 'member' },
  effect: 'write',
  input: Type.Object({ noteId: ScopedId() }, { additionalProperties: false }),
  output: Type.Object({ id: Type.String(), version: Type.Integer() }),
  async run(input, { tx, member, now, notify, wakeTasks }) {
    const note = await ownNote(tx, member, input.noteId);
    const version = await nextVersion(tx, member.spaceId, note.subtree);
    await tx
      .updateTable('notes')
      .set({ parent_id: note.parent_id, version, updated_at: now })
      .where('space_id', '=', member.spaceId)
      .where('parent_id', '=', note.id)
      .execute();
    await tx.deleteFrom('notes').where('space_id', '=', member.spaceId).where('id', '=', note.id).execute();
    await tx.insertInto('tombstones').values({ space_id: member.spaceId, subtree: note.subtree, id: note.id, version, deleted_at: now }).execute();
    await addUsage(tx, member.spaceId, member.accountId, { documents: -1 });
    // Its files go with it, and so do its uploads in progress.
    // One after the other: a transaction's statements share one connection.
    const files = await tx.selectFrom('files').select(['id', 'subtree', 'size']).where('space_id', '=', member.spaceId).where('note_id', '=', note.id).execute();
    const uploads = await tx.selectFrom('uploads').selectAll().where('space_id', '=', member.spaceId).where('note_id', '=', note.id).execute();
    await removeFiles(tx, member.spaceId, member.accountId, files, version, now);
    await abandonUploads(tx, member.spaceId, uploads, now);
    if (files.length + uploads.length > 0) wakeTasks();
    notify({ spaceId: member.spaceId, subtree: note.subtree, version });
    return { id: note.id, version };
  },
});
