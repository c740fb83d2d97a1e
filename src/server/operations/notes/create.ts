import { newScopedId } from '../../../shared/ids.js';
import * as contracts from '../../../shared/operations/notes.js';
import { checkNoteSize, checkParent, findAvatar } from '../../../domain/notes.js';
import { authorize } from '../../../domain/policies.js';
import { monthStart } from '../../../domain/lifetime.js';
import { takeUsage } from '../../../domain/usage.js';
import { nextVersion } from '../../../domain/versions.js';
import { readsGroupNotes } from '../../../domain/group-notes.js';
import { defineOperation } from '../../pipeline/operation.js';

/** Creates a note under an avatar of the member, or under another of its notes. */
export const createNote = defineOperation({
  ...contracts.createNote,
  access: { plane: 'member' },
  effect: 'growth',
  async run(input, { tx, member, quota, now, notify }) {
    checkNoteSize(input.payload);
    authorize(member, 'write', 'avatar', await findAvatar(tx, member.spaceId, input.avatarId));
    const version = await nextVersion(tx, member.spaceId, input.avatarId);
    await checkParent(tx, member.spaceId, input.avatarId, input.parentId, null, readsGroupNotes(tx, member));
    const id = newScopedId(member.spaceId, 'note');
    await tx
      .insertInto('notes')
      .values({
        space_id: member.spaceId,
        id,
        subtree: input.avatarId,
        parent_id: input.parentId,
        version,
        size: input.payload.length,
        payload: input.payload,
        created_at: monthStart(now),
        updated_at: monthStart(now),
      })
      .execute();
    await takeUsage(tx, member, { documents: 1 }, quota, now);
    notify({ spaceId: member.spaceId, subtree: input.avatarId, version });
    return { id, version };
  },
});
