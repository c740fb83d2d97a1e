import * as contracts from '../../../shared/operations/notes.js';
import { checkNoteSize, checkParent, findNote } from '../../../domain/notes.js';
import { authorize } from '../../../domain/policies.js';
import { nextVersion } from '../../../domain/versions.js';
import { readsGroupNotes } from '../../../domain/group-notes.js';
import { defineOperation } from '../../pipeline/operation.js';
import { monthStart } from '../../../domain/lifetime.js';

/** Changes a note's text (payload) and, if given, its parent. */
export const editNote = defineOperation({
  ...contracts.editNote,
  access: { plane: 'member' },
  effect: 'write',
  async run(input, { tx, member, now, notify }) {
    checkNoteSize(input.payload);
    const note = authorize(member, 'write', 'note', await findNote(tx, member.spaceId, input.noteId));
    const parentId = input.parentId === undefined ? note.parentId : input.parentId;
    if (parentId !== note.parentId) await checkParent(tx, member.spaceId, note.subtree, parentId, note.id, readsGroupNotes(tx, member));
    const version = await nextVersion(tx, member.spaceId, note.subtree);
    await tx
      .updateTable('notes')
      .set({ payload: input.payload, size: input.payload.length, parent_id: parentId, version, updated_at: monthStart(now) })
      .where('space_id', '=', member.spaceId)
      .where('id', '=', note.id)
      .execute();
    notify({ spaceId: member.spaceId, subtree: note.subtree, version });
    return { id: note.id, version };
  },
});
