import { newScopedId } from '../../../shared/ids.js';
import * as contracts from '../../../shared/operations/group-notes.js';
import { authorizeGroupNotes, checkAuthorship, checkKeyVersion, groupNotesAs, recordAuthorship } from '../../../domain/group-notes.js';
import { growGroup } from '../../../domain/hosting.js';
import { monthStart } from '../../../domain/lifetime.js';
import { checkNoteSize, checkParent } from '../../../domain/notes.js';
import { nextVersion } from '../../../domain/versions.js';
import { defineOperation } from '../../pipeline/operation.js';

/** Writes a note in a group as one of the session's avatars (active, read-write), signed by it; it counts against the group's maxima. */
export const createGroupNote = defineOperation({
  ...contracts.createGroupNote,
  access: { plane: 'member' },
  effect: 'growth',
  async run(input, { tx, member, now, notify }) {
    checkNoteSize(input.payload);
    authorizeGroupNotes(member, 'write', await groupNotesAs(tx, member, input.groupId, input.avatarId));
    await checkKeyVersion(tx, member.spaceId, input.groupId, input.keyVersion);
    const authorship = await checkAuthorship(tx, member.spaceId, input);
    await checkParent(tx, member.spaceId, input.groupId, input.parentId, null);
    await growGroup(tx, member.spaceId, input.groupId, { notes: 1 });
    const version = await nextVersion(tx, member.spaceId, input.groupId);
    const id = newScopedId(member.spaceId, 'note');
    await tx
      .insertInto('notes')
      .values({
        space_id: member.spaceId,
        id,
        subtree: input.groupId,
        parent_id: input.parentId,
        version,
        size: input.payload.length,
        payload: input.payload,
        key_version: input.keyVersion,
        created_at: monthStart(now),
        updated_at: monthStart(now),
      })
      .execute();
    await recordAuthorship(tx, member.spaceId, input.groupId, id, authorship);
    notify({ spaceId: member.spaceId, subtree: input.groupId, version });
    return { id, version };
  },
});
