import { IlotError } from '../../../shared/errors.js';
import * as contracts from '../../../shared/operations/groups.js';
import { actingIn, checkKeyVersion, endInvitation, groupChanged, pendingInvitation, updateMember } from '../../../domain/groups.js';
import { monthStart } from '../../../domain/lifetime.js';
import { takeUsage } from '../../../domain/usage.js';
import { defineOperation } from '../../pipeline/operation.js';

/**
 * The invitee accepts a complete invitation: it becomes active with the accesses the invitation
 * carries and shares its card key with the group. Its participation is a document of its account.
 */
export const accept = defineOperation({
  ...contracts.accept,
  access: { plane: 'member' },
  effect: 'growth',
  async run(input, { tx, member, quota, now, notify }) {
    const { spaceId } = member;
    const { group } = await actingIn(tx, member, input.groupId, input.avatarId, 'answer');
    const invitation = await pendingInvitation(tx, spaceId, input.groupId, input.avatarId);
    if (!invitation.complete) throw new IlotError('GROUP_INVITATION_INCOMPLETE');
    checkKeyVersion(group, input.keyVersion, { rotated: false });
    await endInvitation(tx, spaceId, input.groupId, input.avatarId);
    await updateMember(tx, spaceId, input.groupId, input.avatarId, {
      state: 'active',
      members_access: invitation.members_access,
      notes_access: invitation.notes_access,
      moderator: invitation.moderator,
      card_key: input.cardKey,
      card_key_version: group.key_version,
      since: monthStart(now),
    });
    await takeUsage(tx, member, { documents: 1 }, quota, now);
    // The sessions of the avatar read their perimeter again: the group is in it now.
    notify({ spaceId, membershipsOf: input.avatarId });
    return { version: await groupChanged(tx, spaceId, input.groupId, notify) };
  },
});
