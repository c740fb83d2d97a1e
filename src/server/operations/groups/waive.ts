import * as contracts from '../../../shared/operations/groups.js';
import { actingIn, groupChanged, updateMember } from '../../../domain/groups.js';
import { defineOperation } from '../../pipeline/operation.js';

/** An active member waives (true) or resumes (false) the use of its own accesses; it keeps them, and the key. */
export const waive = defineOperation({
  ...contracts.waive,
  access: { plane: 'member' },
  effect: 'write',
  async run(input, { tx, member, notify }) {
    const { me } = await actingIn(tx, member, input.groupId, input.avatarId, 'act');
    await updateMember(tx, member.spaceId, input.groupId, input.avatarId, {
      members_waived: input.members === undefined ? me.members_waived : input.members ? 1 : 0,
      notes_waived: input.notes === undefined ? me.notes_waived : input.notes ? 1 : 0,
    });
    // Its sessions read their perimeter again: which of the group's content they sync changed.
    notify({ spaceId: member.spaceId, membershipsOf: input.avatarId });
    return { version: await groupChanged(tx, member.spaceId, input.groupId, notify) };
  },
});
