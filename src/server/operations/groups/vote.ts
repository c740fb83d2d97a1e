import * as contracts from '../../../shared/operations/groups.js';
import { actingIn, findInvitation, groupChanged, pendingInvitation, requireModerator, withdraw } from '../../../domain/groups.js';
import { defineOperation } from '../../pipeline/operation.js';

/** A moderator agrees with an invitation (it completes once every moderator agreed), or disagrees, which withdraws it. */
export const vote = defineOperation({
  ...contracts.vote,
  access: { plane: 'member' },
  effect: 'write',
  async run(input, { tx, member, notify }) {
    const { spaceId } = member;
    const { me } = await actingIn(tx, member, input.groupId, input.avatarId, 'act');
    requireModerator(me);
    const invitation = await pendingInvitation(tx, spaceId, input.groupId, input.memberId);
    let complete = false;
    if (!input.agree) await withdraw(tx, spaceId, input.groupId, input.memberId);
    else {
      if (!invitation.votes.includes(input.avatarId))
        await tx
          .insertInto('group_votes')
          .values({ space_id: spaceId, group_id: input.groupId, avatar_id: input.memberId, moderator_id: input.avatarId })
          .execute();
      complete = (await findInvitation(tx, spaceId, input.groupId, input.memberId))!.complete;
    }
    // The invitee hears when the invitation reaches it, or goes.
    if (complete !== invitation.complete || !input.agree) notify({ spaceId, subtree: input.memberId });
    return { version: await groupChanged(tx, spaceId, input.groupId, notify), complete };
  },
});
