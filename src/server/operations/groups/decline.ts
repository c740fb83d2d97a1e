import * as contracts from '../../../shared/operations/groups.js';
import { actingIn, groupChanged, pendingInvitation, withdraw } from '../../../domain/groups.js';
import { defineOperation } from '../../pipeline/operation.js';

/** The invitee declines: it is a listed contact again and no longer holds the key. */
export const decline = defineOperation({
  ...contracts.decline,
  access: { plane: 'member' },
  effect: 'write',
  async run(input, { tx, member, notify }) {
    await actingIn(tx, member, input.groupId, input.avatarId, 'answer');
    await pendingInvitation(tx, member.spaceId, input.groupId, input.avatarId);
    await withdraw(tx, member.spaceId, input.groupId, input.avatarId);
    return { version: await groupChanged(tx, member.spaceId, input.groupId, notify) };
  },
});
