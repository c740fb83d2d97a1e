import * as contracts from '../../../shared/operations/contacts.js';
import { findContact } from '../../../domain/contacts.js';
import { authorize } from '../../../domain/policies.js';
import { defineOperation } from '../../pipeline/operation.js';

/** Sets (or erases) the account's private comment and hashtags on a contact, encrypted under its account key. */
export const annotateContact = defineOperation({
  ...contracts.annotateContact,
  access: { plane: 'member' },
  effect: 'write',
  async run(input, { tx, member }) {
    const contact = authorize(member, 'write', 'contact', await findContact(tx, member.spaceId, input.avatarId, input.contactId));
    await tx
      .updateTable('contacts')
      .set({ note: input.note })
      .where('space_id', '=', member.spaceId)
      .where('avatar_id', '=', contact.avatarId)
      .where('contact_id', '=', contact.id)
      .execute();
    return { ok: true };
  },
});
