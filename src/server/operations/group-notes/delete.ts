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
 * their own subtrees (their clients show them at the root); their private hashtags on it go, with
 * a tombstone in their subtrees (its group hashtags are a column of the note: they go with it).
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
    const hashtags = await tx
      .deleteFrom('group_note_hashtags')
      .where('space_id', '=', member.spaceId)
      .where('note_id', '=', note.id)
      .returning(['id', 'subtree'])
      .execute();
    // In the order of the members' subtrees, as every writer takes their versions.
    for (const { id, subtree } of hashtags.sort((a, b) => (a.subtree < b.subtree ? -1 : 1))) {
      const memberVersion = await nextVersion(tx, member.spaceId, subtree);
      await tx
        .insertInto('tombstones')
        .values({ space_id: member.spaceId, subtree, id, version: memberVersion, deleted_at: monthStart(now) })
        .execute();
      notify({ spaceId: member.spaceId, subtree, version: memberVersion });
    }
    await growGroup(tx, member.spaceId, note.subtree, { notes: -1 });
    if (await removeNoteFiles(tx, member, note.id, version, now)) wakeTasks();
    notify({ spaceId: member.spaceId, subtree: note.subtree, version });
    return { id: note.id, version };
  },
});
