import * as contracts from '../../../shared/operations/avatars.js';
import { defineOperation } from '../../pipeline/operation.js';

/** The account's own avatars with their cards (encrypted) and whether each has a contact phrase. */
export const listAvatars = defineOperation({
  ...contracts.listAvatars,
  access: { plane: 'member' },
  effect: 'read',
  async run(_input, { tx, member }) {
    const rows = await tx
      .selectFrom('avatars')
      .select(['id', 'name', 'is_primary', 'wrapped_card_key', 'card', 'contact_prefix_id', 'created_at'])
      .where('space_id', '=', member.spaceId)
      .where('account_id', '=', member.accountId)
      .orderBy('created_at')
      .execute();
    return {
      avatars: rows.map((r) => ({
        id: r.id,
        name: r.name,
        primary: r.is_primary === 1,
        wrappedCardKey: r.wrapped_card_key,
        card: r.card,
        hasContactPhrase: r.contact_prefix_id !== null,
      })),
    };
  },
});
