import * as contracts from '../../../shared/operations/group-notes.js';
import { authorizeGroupNotes, authorshipsOf, findGroupNote, groupNotesAs, noGroupNote, signedWriting } from '../../../domain/group-notes.js';
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
    authorizeGroupNotes(member, 'write', await groupNotesAs(tx, member, note.subtree, input.avatarId), noGroupNote);
    const authors = await signedWriting(tx, member.spaceId, note.subtree, input, authorshipsOf(note.authors));
    const parentId = input.parentId === undefined ? note.parent_id : input.parentId;
    if (parentId !== note.parent_id) await checkParent(tx, member.spaceId, note.subtree, parentId, note.id);
    const version = await nextVersion(tx, member.spaceId, note.subtree);
    await tx
      .updateTable('notes')
      .set({
        payload: input.payload,
        size: input.payload.length,
        key_version: input.keyVersion,
        authors: JSON.stringify(authors),
        parent_id: parentId,
        version,
        updated_at: monthStart(now),
      })
      .where('space_id', '=', member.spaceId)
      .where('id', '=', note.id)
      .execute();
    notify({ spaceId: member.spaceId, subtree: note.subtree, version });
    return { id: note.id, version };
  },
});
