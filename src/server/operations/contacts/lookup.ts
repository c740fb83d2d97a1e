import * as contracts from '../../../shared/operations/contacts.js';
import { avatarOfContactPhrase } from '../../../domain/contacts.js';
import { defineOperation } from '../../pipeline/operation.js';

/** Reads the card of the avatar a contact phrase designates (its key wrapped under the phrase). */
export const lookupContact = defineOperation({
  ...contracts.lookupContact,
  access: { plane: 'member' },
  effect: 'read',
  checksCredentials: true,
  async run(input, { tx, member }) {
    const found = await avatarOfContactPhrase(tx, member.spaceId, input.phrase);
    return {
      avatarId: found.id,
      name: found.name,
      ecdhPublicKey: found.ecdh_public_key,
      wrappedCardKey: found.contact_card_key!,
      card: found.card,
    };
  },
});
