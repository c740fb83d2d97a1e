import { IlotError } from '../../../shared/errors.js';
import * as contracts from '../../../shared/operations/chats.js';
import { appendItem, findChatSide, treasurerAlertOf } from '../../../domain/chats.js';
import { authorize } from '../../../domain/policies.js';
import { alertTreasurerOfUrgentItem } from '../../../mail/treasurer.js';
import { mailEnabled } from '../../../mail/transport.js';
import { defineOperation } from '../../pipeline/operation.js';

/** Appends an item to an urgent chat, under every restriction; the treasurer is told by mail when it gave an address and the site sends mail. */
export const appendUrgentItem = defineOperation({
  ...contracts.appendUrgentItem,
  access: { plane: 'member' },
  effect: 'write',
  unrestricted: true,
  async run(input, { tx, member, config, now, notify, wakeTasks }) {
    const side = authorize(member, 'write', 'chat', await findChatSide(tx, member.spaceId, input.chatId, input.avatarId));
    if (!side.urgent) throw new IlotError('CHAT_NOT_URGENT');
    const seq = await appendItem(tx, { owner: member, quota: null, now, notify }, side, input.item);
    const treasurer = await treasurerAlertOf(tx, member.spaceId, side.otherId);
    if (treasurer && mailEnabled(config)) {
      const { org_code: orgCode } = await tx
        .selectFrom('spaces')
        .select('org_code')
        .where('id', '=', member.spaceId)
        .executeTakeFirstOrThrow();
      await alertTreasurerOfUrgentItem(tx, { spaceId: member.spaceId, orgCode, itemId: `${side.id}:${seq}`, treasurer }, now);
      wakeTasks();
    }
    return { seq };
  },
});
