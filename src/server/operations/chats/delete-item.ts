import * as contracts from '../../../shared/operations/chats.js';
import { deleteItem, findChatSide } from '../../../domain/chats.js';
import { authorize } from '../../../domain/policies.js';
import { defineOperation } from '../../pipeline/operation.js';

/** Deletes an item the member's avatar wrote. */
export const deleteChatItem = defineOperation({
  ...contracts.deleteChatItem,
  access: { plane: 'member' },
  effect: 'write',
  async run(input, { tx, member, notify }) {
    const side = authorize(member, 'delete', 'chat', await findChatSide(tx, member.spaceId, input.chatId, input.avatarId));
    await deleteItem(tx, member.spaceId, side, input.seq, notify);
    return { ok: true };
  },
});
