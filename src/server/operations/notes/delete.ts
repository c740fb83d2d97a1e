import { IlotError } from '../../../shared/errors.js';
import * as contracts from '../../../shared/operations/notes.js';
import { removeNoteFiles } from '../../../domain/files.js';
import { findNote } from '../../../domain/notes.js';
import { authorize } from '../../../domain/policies.js';
import { addUsage } from '../../../domain/usage.js';
import { nextVersion } from '../../../domain/versions.js';
import { defineOperation } from '../../pipeline/operation.js';
import { monthStart } from '../../../domain/lifetime.js';

/** Deletes a note: it leaves a tombstone; its children move up to its parent; its files are deleted. */
export const deleteNote = defineOperation({
  ...contracts.deleteNote,
  access: { plane: 'member' },
  effect: 'write',
  async run(input, { tx, member, now, notify, wakeTasks }) {
    const note = authorize(member, 'delete', 'note', await findNote(tx, member.spaceId, input.noteId));
    const version = await nextVersion(tx, member.spaceId, note.subtree);
    await tx
      .updateTable('notes')
      .set({ parent_id: note.parentId, version, updated_at: monthStart(now) })
      .where('space_id', '=', member.spaceId)
      .where('parent_id', '=', note.id)
      .execute();
    // Of concurrent deletions, one deletes the note and releases its document; the others find it missing.
    const deleted = await tx.deleteFrom('notes').where('space_id', '=', member.spaceId).where('id', '=', note.id).executeTakeFirst();
    if (Number(deleted.numDeletedRows) !== 1) throw new IlotError('NOTE_NOT_FOUND');
    await tx
      .insertInto('tombstones')
      .values({ space_id: member.spaceId, subtree: note.subtree, id: note.id, version, deleted_at: monthStart(now) })
      .execute();
    await addUsage(tx, member, { documents: -1 }, now);
    // Its files go with it, and so do its uploads in progress.
    // One after the other: a transaction's statements share one connection.
    if (await removeNoteFiles(tx, member, note.id, version, now)) wakeTasks();
    notify({ spaceId: member.spaceId, subtree: note.subtree, version });
    return { id: note.id, version };
  },
});
