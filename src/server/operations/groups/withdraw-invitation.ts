import * as contracts from '../../../shared/operations/groups.js';
import { actingIn, groupChanged, pendingInvitation, requireModerator, withdraw } from '../../../domain/groups.js';
import { defineOperation } from '../../pipeline/operation.js';

/** A moderator withdraws a pending invitation: the invitee is a listed contact again and no longer holds the key. */
export const withdrawInvitation = defineOperation({
  ...contracts.withdrawInvitation,
  access: { plane: 'member' },
  effect: 'write',
  async run(input, { tx, member, notify }) {
    const { me } = await actingIn(tx, member, input.groupId, input.avatarId, 'act');
    requireModerator(me);
    await pendingInvitation(tx, member.spaceId, input.groupId, input.memberId);
    await withdraw(tx, member.spaceId, input.groupId, input.memberId);
    notify({ spaceId: member.spaceId, subtree: input.memberId });
    return { version: await groupChanged(tx, member.spaceId, input.groupId, notify) };
  },
});
