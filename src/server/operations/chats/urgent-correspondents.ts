import * as contracts from '../../../shared/operations/chats.js';
import { urgentCorrespondents } from '../../../domain/chats.js';
import { defineOperation } from '../../pipeline/operation.js';

/** Who answers the account's urgent chats: the treasurer and the delegates of its partition. */
export const listUrgentCorrespondents = defineOperation({
  ...contracts.listUrgentCorrespondents,
  access: { plane: 'member' },
  effect: 'read',
  // Whom to reach must stay known under every restriction, as the urgent chats themselves.
  unrestricted: true,
  async run(_input, { tx, member }) {
    return { correspondents: await urgentCorrespondents(tx, member.spaceId, member.partitionId, member.accountId) };
  },
});
