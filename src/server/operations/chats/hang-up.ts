import * as contracts from '../../../shared/operations/chats.js';
import { findChatSide, hangUp } from '../../../domain/chats.js';
import { authorize } from '../../../domain/policies.js';
import { defineOperation } from '../../pipeline/operation.js';

/** Hangs up the member's side of a chat: its items so far are cleared from it, and it no longer counts as a document. */
export const hangUpChat = defineOperation({
  ...contracts.hangUpChat,
  access: { plane: 'member' },
  effect: 'write',
  async run(input, { tx, member, now, notify }) {
    const side = authorize(member, 'write', 'chat', await findChatSide(tx, member.spaceId, input.chatId, input.avatarId));
    await hangUp(tx, { owner: member, now, notify }, side);
    return { ok: true };
  },
});
