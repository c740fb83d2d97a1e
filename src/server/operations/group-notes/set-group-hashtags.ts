import * as contracts from '../../../shared/operations/group-notes.js';
import { authorizeGroupNotes, checkKeyVersion, findGroupNote, groupNotesAs } from '../../../domain/group-notes.js';
import { nextVersion } from '../../../domain/versions.js';
import { defineOperation } from '../../pipeline/operation.js';

/** A moderator (with access to the notes) sets the group hashtags of a group note, sealed under the current group key. */
export const setGroupHashtags = defineOperation({
  ...contracts.setGroupHashtags,
  access: { plane: 'member' },
  effect: 'write',
  async run(input, { tx, member, notify }) {
    const note = await findGroupNote(tx, member.spaceId, input.noteId);
    authorizeGroupNotes(member, 'moderate', await groupNotesAs(tx, member, note.subtree, input.avatarId), 'NOTE_NOT_FOUND');
    await checkKeyVersion(tx, member.spaceId, note.subtree, input.keyVersion);
    const version = await nextVersion(tx, member.spaceId, note.subtree);
    await tx
      .updateTable('notes')
      .set({ group_hashtags: input.hashtags, version })
      .where('space_id', '=', member.spaceId)
      .where('id', '=', note.id)
      .execute();
    notify({ spaceId: member.spaceId, subtree: note.subtree, version });
    return { id: note.id, version };
  },
});
