import { IlotError } from '../../../shared/errors.js';
import * as contracts from '../../../shared/operations/groups.js';
import { actingIn, groupChanged, knownMember, requireModerator, updateMember } from '../../../domain/groups.js';
import { defineOperation } from '../../pipeline/operation.js';

/** A moderator forgets a listed contact: it no longer appears in the group (an active member is never expelled). */
export const forget = defineOperation({
  ...contracts.forget,
  access: { plane: 'member' },
  effect: 'write',
  async run(input, { tx, member, notify }) {
    const { me } = await actingIn(tx, member, input.groupId, input.avatarId, 'act');
    requireModerator(me);
    const target = await knownMember(tx, member.spaceId, input.groupId, input.memberId);
    if (target.state !== 'listed') throw new IlotError('GROUP_MEMBER_NOT_LISTED');
    await updateMember(tx, member.spaceId, input.groupId, input.memberId, { state: 'forgotten', listed_by: null });
    return { version: await groupChanged(tx, member.spaceId, input.groupId, notify) };
  },
});
