import * as contracts from '../../../shared/operations/groups.js';
import { groupChatMaxLength } from '../../../shared/limits.js';
import { actingIn, checkKeyVersion, groupChanged, requireMembersAccess } from '../../../domain/groups.js';
import { monthStart } from '../../../domain/lifetime.js';
import { defineOperation } from '../../pipeline/operation.js';

/**
 * Appends an item to the group chat (members with access to members and chat only), sealed under
 * the current key. The item's plain length is the client's word, its ciphertext bounded by the
 * schema; past the chat's total the oldest items go, whoever wrote them. The server keeps the month.
 */
export const postChat = defineOperation({
  ...contracts.postChat,
  access: { plane: 'member' },
  effect: 'write',
  async run(input, { tx, member, now, notify }) {
    const { spaceId } = member;
    const { group, me } = await actingIn(tx, member, input.groupId, input.avatarId, 'act');
    requireMembersAccess(me);
    checkKeyVersion(group, input.keyVersion);
    const items = await tx
      .selectFrom('group_chat_items')
      .select(['seq', 'length'])
      .where('space_id', '=', spaceId)
      .where('group_id', '=', input.groupId)
      .orderBy('seq', 'desc')
      .execute();
    const seq = (items[0]?.seq ?? 0) + 1;
    // Keep the newest items that fit beside the new one.
    let total = input.length;
    const kept = items.findIndex((item) => (total += item.length) > groupChatMaxLength);
    if (kept >= 0)
      await tx
        .deleteFrom('group_chat_items')
        .where('space_id', '=', spaceId)
        .where('group_id', '=', input.groupId)
        .where('seq', '<=', items[kept]!.seq)
        .execute();
    await tx
      .insertInto('group_chat_items')
      .values({
        space_id: spaceId,
        group_id: input.groupId,
        seq,
        author_id: input.avatarId,
        key_version: group.key_version,
        length: input.length,
        text: input.text,
        created_at: monthStart(now),
      })
      .execute();
    return { version: await groupChanged(tx, spaceId, input.groupId, notify), seq };
  },
});
