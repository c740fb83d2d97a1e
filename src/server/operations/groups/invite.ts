import { IlotError } from '../../../shared/errors.js';
import * as contracts from '../../../shared/operations/groups.js';
import {
  actingIn,
  checkKeyVersion,
  findInvitation,
  groupChanged,
  knownMember,
  requireModerator,
  updateMember,
} from '../../../domain/groups.js';
import { defineOperation } from '../../pipeline/operation.js';

/**
 * A moderator invites a listed contact with the accesses the invitation carries, and hands it the
 * current key sealed for it. In unanimous mode the invitation waits for every other moderator's vote.
 */
export const invite = defineOperation({
  ...contracts.invite,
  access: { plane: 'member' },
  effect: 'write',
  async run(input, { tx, member, notify }) {
    const { spaceId } = member;
    const { group, me } = await actingIn(tx, member, input.groupId, input.avatarId, 'act');
    requireModerator(me);
    const invitee = await knownMember(tx, spaceId, input.groupId, input.memberId);
    if (invitee.state !== 'listed') throw new IlotError('GROUP_MEMBER_NOT_LISTED');
    checkKeyVersion(group, input.keyVersion);
    const { accesses } = input;
    await tx
      .insertInto('group_invitations')
      .values({
        space_id: spaceId,
        group_id: input.groupId,
        avatar_id: input.memberId,
        invited_by: input.avatarId,
        members_access: accesses.members ? 1 : 0,
        notes_access: accesses.notes,
        moderator: accesses.moderator ? 1 : 0,
        unanimous: group.unanimous,
      })
      .execute();
    if (group.unanimous)
      await tx
        .insertInto('group_votes')
        .values({ space_id: spaceId, group_id: input.groupId, avatar_id: input.memberId, moderator_id: input.avatarId })
        .execute();
    await tx
      .insertInto('group_key_copies')
      .values({ space_id: spaceId, group_id: input.groupId, avatar_id: input.memberId, version: group.key_version, sealed_key: input.key })
      .execute();
    await updateMember(tx, spaceId, input.groupId, input.memberId, { state: 'invited', invited_by: input.avatarId });
    const { complete } = (await findInvitation(tx, spaceId, input.groupId, input.memberId))!;
    // The invitee hears of it on its own avatar: the group is not yet in its perimeter.
    if (complete) notify({ spaceId, subtree: input.memberId });
    return { version: await groupChanged(tx, spaceId, input.groupId, notify), complete };
  },
});
