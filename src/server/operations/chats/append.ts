import * as contracts from '../../../shared/operations/chats.js';
import { appendItem, findChatSide } from '../../../domain/chats.js';
import { authorize } from '../../../domain/policies.js';
import { defineOperation } from '../../pipeline/operation.js';

/** Appends an item to a chat of the member's avatar; the oldest items go while the chat holds more than its cap. */
export const appendChatItem = defineOperation({
  ...contracts.appendChatItem,
  access: { plane: 'member' },
  effect: 'growth',
  async run(input, { tx, member, quota, now, notify }) {
    const side = authorize(member, 'write', 'chat', await findChatSide(tx, member.spaceId, input.chatId, input.avatarId));
    return { seq: await appendItem(tx, { owner: member, quota, now, notify }, side, input.item) };
  },
});
