import { IlotError } from '../../../shared/errors.js';
import * as contracts from '../../../shared/operations/chats.js';
import { isUrgentPair, openChat } from '../../../domain/chats.js';
import { findAvatar } from '../../../domain/avatars.js';
import { authorize } from '../../../domain/policies.js';
import { defineOperation } from '../../pipeline/operation.js';

/**
 * Opens (or finds) the urgent chat of the account's primary avatar with the treasurer's or a
 * delegate's (or, from the treasurer or a delegate, with an account's): no contact is needed, it
 * counts for nobody, and it stays possible under every restriction.
 */
export const openUrgentChat = defineOperation({
  ...contracts.openUrgentChat,
  access: { plane: 'member' },
  effect: 'write',
  unrestricted: true,
  async run(input, { tx, member, now, notify }) {
    authorize(member, 'write', 'avatar', await findAvatar(tx, member.spaceId, input.avatarId));
    if (!(await isUrgentPair(tx, member.spaceId, input.avatarId, input.withId))) throw new IlotError('CHAT_NOT_URGENT');
    return openChat(
      tx,
      { owner: member, quota: null, now, notify },
      {
        avatarId: input.avatarId,
        otherId: input.withId,
        keys: { keyForMe: input.keyForMe, keyForThem: input.keyForThem },
        urgent: true,
        byOwnSession: true,
      },
    );
  },
});
