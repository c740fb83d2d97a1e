import { IlotError } from '../../../shared/errors.js';
import * as contracts from '../../../shared/operations/group-notes.js';
import { removeNoteFiles } from '../../../domain/files.js';
import { authorizeGroupNotes, findGroupNote, groupNotesAs } from '../../../domain/group-notes.js';
import { growGroup } from '../../../domain/hosting.js';
import { monthStart } from '../../../domain/lifetime.js';
import { nextVersion } from '../../../domain/versions.js';
import { defineOperation } from '../../pipeline/operation.js';

/**
 * Deletes a group note (read-write access): a tombstone; its children in the group move up to its
 * parent; its files go and the group's figures go down. Members' personal notes under it stay in
 * their own subtrees (their clients show them at the root).
 */
export const deleteGroupNote = defineOperation({
  ...contracts.deleteGroupNote,
  access: { plane: 'member' },
  effect: 'write',
  async run(input, { tx, member, now, notify, wakeTasks }) {
    const note = await findGroupNote(tx, member.spaceId, input.noteId);
    authorizeGroupNotes(member, 'write', await groupNotesAs(tx, member, note.subtree, input.avatarId), 'NOTE_NOT_FOUND');
    const version = await nextVersion(tx, member.spaceId, note.subtree);
    await tx
      .updateTable('notes')
      .set({ parent_id: note.parent_id, version, updated_at: monthStart(now) })
      .where('space_id', '=', member.spaceId)
      .where('subtree', '=', note.subtree)
      .where('parent_id', '=', note.id)
      .execute();
    const deleted = await tx.deleteFrom('notes').where('space_id', '=', member.spaceId).where('id', '=', note.id).executeTakeFirst();
    if (Number(deleted.numDeletedRows) !== 1) throw new IlotError('NOTE_NOT_FOUND');
    await tx.deleteFrom('group_note_authors').where('space_id', '=', member.spaceId).where('note_id', '=', note.id).execute();
    await tx
      .insertInto('tombstones')
      .values({ space_id: member.spaceId, subtree: note.subtree, id: note.id, version, deleted_at: monthStart(now) })
      .execute();
    await growGroup(tx, member.spaceId, note.subtree, { notes: -1 });
    if (await removeNoteFiles(tx, member, note.id, version, now)) wakeTasks();
    notify({ spaceId: member.spaceId, subtree: note.subtree, version });
    return { id: note.id, version };
  },
});
