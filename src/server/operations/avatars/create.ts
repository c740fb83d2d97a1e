import * as contracts from '../../../shared/operations/avatars.js';
import { insertAvatar } from '../../../domain/avatars.js';
import { defineOperation } from '../../pipeline/operation.js';

/** Creates a secondary avatar: its number is drawn by the server, its name is chosen once and for all. */
export const createAvatar = defineOperation({
  ...contracts.createAvatar,
  access: { plane: 'member' },
  effect: 'growth',
  async run(input, { tx, member, now, notify }) {
    const id = await insertAvatar(tx, member.spaceId, member.accountId, input.name, input.keys, false, now);
    notify({ spaceId: member.spaceId, subtree: member.accountId });
    return { id, name: input.name };
  },
});
