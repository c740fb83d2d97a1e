import { newScopedId } from '../../../shared/ids.js';
import * as contracts from '../../../shared/operations/group-notes.js';
import { authorizeGroupNotes, findGroupNote, groupNotesAs } from '../../../domain/group-notes.js';
import { monthStart } from '../../../domain/lifetime.js';
import { nextVersion } from '../../../domain/versions.js';
import { defineOperation } from '../../pipeline/operation.js';

/**
 * A member who reads a group note sets its own hashtags on it (sealed under its account key): a
 * document of its avatar's subtree, which only its sessions sync. Null removes them (a tombstone).
 */
export const setPrivateHashtags = defineOperation({
  ...contracts.setPrivateHashtags,
  access: { plane: 'member' },
  effect: 'write',
  async run(input, { tx, member, now, notify }) {
    const note = await findGroupNote(tx, member.spaceId, input.noteId);
    authorizeGroupNotes(member, 'read', await groupNotesAs(tx, member, note.subtree, input.avatarId), 'NOTE_NOT_FOUND');
    const version = await nextVersion(tx, member.spaceId, input.avatarId);
    const existing = await tx
      .selectFrom('group_note_hashtags')
      .select('id')
      .where('space_id', '=', member.spaceId)
      .where('subtree', '=', input.avatarId)
      .where('note_id', '=', note.id)
      .executeTakeFirst();
    if (input.hashtags === null) {
      if (existing) {
        await tx.deleteFrom('group_note_hashtags').where('space_id', '=', member.spaceId).where('id', '=', existing.id).execute();
        await tx
          .insertInto('tombstones')
          .values({ space_id: member.spaceId, subtree: input.avatarId, id: existing.id, version, deleted_at: monthStart(now) })
          .execute();
      }
    } else if (existing) {
      await tx
        .updateTable('group_note_hashtags')
        .set({ payload: input.hashtags, version })
        .where('space_id', '=', member.spaceId)
        .where('id', '=', existing.id)
        .execute();
    } else {
      await tx
        .insertInto('group_note_hashtags')
        .values({
          space_id: member.spaceId,
          id: newScopedId(member.spaceId, 'note'),
          subtree: input.avatarId,
          note_id: note.id,
          version,
          payload: input.hashtags,
        })
        .execute();
    }
    notify({ spaceId: member.spaceId, subtree: input.avatarId, version });
    return { version };
  },
});
