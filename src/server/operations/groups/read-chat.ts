import * as contracts from '../../../shared/operations/groups.js';
import { actingIn, requireMembersAccess } from '../../../domain/groups.js';
import { defineOperation } from '../../pipeline/operation.js';

/** The group chat, oldest first, for members with access to members and chat. */
export const readChat = defineOperation({
  ...contracts.readChat,
  access: { plane: 'member' },
  effect: 'read',
  async run(input, { tx, member }) {
    const { me } = await actingIn(tx, member, input.groupId, input.avatarId, 'act');
    requireMembersAccess(me);
    const items = await tx
      .selectFrom('group_chat_items')
      .select(['seq', 'author_id', 'key_version', 'text', 'created_at'])
      .where('space_id', '=', member.spaceId)
      .where('group_id', '=', input.groupId)
      .orderBy('seq')
      .execute();
    return {
      items: items.map((i) => ({
        seq: i.seq,
        authorId: i.author_id,
        keyVersion: i.key_version,
        text: i.text,
        createdAt: Number(i.created_at),
      })),
    };
  },
});
