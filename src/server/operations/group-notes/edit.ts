import * as contracts from '../../../shared/operations/group-notes.js';
import {
  authorizeGroupNotes,
  checkAuthorship,
  checkKeyVersion,
  findGroupNote,
  groupNotesAs,
  recordAuthorship,
} from '../../../domain/group-notes.js';
import { monthStart } from '../../../domain/lifetime.js';
import { checkNoteSize, checkParent } from '../../../domain/notes.js';
import { nextVersion } from '../../../domain/versions.js';
import { defineOperation } from '../../pipeline/operation.js';

/** Changes a group note's text, a new signed authorship appended, and, if given, its parent (a note of the same group). */
export const editGroupNote = defineOperation({
  ...contracts.editGroupNote,
  access: { plane: 'member' },
  effect: 'write',
  async run(input, { tx, member, now, notify }) {
    checkNoteSize(input.payload);
    const note = await findGroupNote(tx, member.spaceId, input.noteId);
    authorizeGroupNotes(member, 'write', await groupNotesAs(tx, member, note.subtree, input.avatarId), 'NOTE_NOT_FOUND');
    await checkKeyVersion(tx, member.spaceId, note.subtree, input.keyVersion);
    const authorship = await checkAuthorship(tx, member.spaceId, input);
    const parentId = input.parentId === undefined ? note.parent_id : input.parentId;
    if (parentId !== note.parent_id) await checkParent(tx, member.spaceId, note.subtree, parentId, note.id);
    const version = await nextVersion(tx, member.spaceId, note.subtree);
    await tx
      .updateTable('notes')
      .set({
        payload: input.payload,
        size: input.payload.length,
        key_version: input.keyVersion,
        parent_id: parentId,
        version,
        updated_at: monthStart(now),
      })
      .where('space_id', '=', member.spaceId)
      .where('id', '=', note.id)
      .execute();
    await recordAuthorship(tx, member.spaceId, note.subtree, note.id, authorship);
    notify({ spaceId: member.spaceId, subtree: note.subtree, version });
    return { id: note.id, version };
  },
});
