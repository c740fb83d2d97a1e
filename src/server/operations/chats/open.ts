import * as contracts from '../../../shared/operations/chats.js';
import { openChat as open } from '../../../domain/chats.js';
import { findContact } from '../../../domain/contacts.js';
import { authorize } from '../../../domain/policies.js';
import { defineOperation } from '../../pipeline/operation.js';

/** Opens the chat of an avatar of the member with one of its contacts, or finds it; the member's side counts as a document. */
export const openChat = defineOperation({
  ...contracts.openChat,
  access: { plane: 'member' },
  effect: 'growth',
  async run(input, { tx, member, quota, now, notify }) {
    const contact = authorize(member, 'write', 'contact', await findContact(tx, member.spaceId, input.avatarId, input.contactId));
    return open(
      tx,
      { owner: member, quota, now, notify },
      {
        avatarId: contact.avatarId,
        otherId: contact.id,
        keys: { keyForMe: input.keyForMe, keyForThem: input.keyForThem },
        urgent: false,
        byOwnSession: true,
      },
    );
  },
});
