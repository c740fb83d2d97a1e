import * as contracts from '../../../shared/operations/avatars.js';
import { ownAccount } from '../../../domain/accounts.js';
import { defineOperation } from '../../pipeline/operation.js';

/** The session's avatars (the primary one, then those it presented) with their cards (encrypted), and the account's keyring. */
export const listAvatars = defineOperation({
  ...contracts.listAvatars,
  access: { plane: 'member' },
  effect: 'read',
  async run(_input, { tx, member }) {
    const rows = await tx
      .selectFrom('avatars')
      .select(['id', 'name', 'is_primary', 'wrapped_card_key', 'card', 'contact_prefix_id'])
      .where('space_id', '=', member.spaceId)
      .where('id', 'in', member.avatars)
      .execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    const account = await ownAccount(tx, member);
    return {
      avatars: member.avatars.flatMap((id) => {
        const r = byId.get(id);
        return r
          ? [
              {
                id: r.id,
                name: r.name,
                primary: r.is_primary === 1,
                wrappedCardKey: r.wrapped_card_key,
                card: r.card,
                hasContactPhrase: r.contact_prefix_id !== null,
              },
            ]
          : [];
      }),
      keyring: account.keyring,
      keyringRevision: account.keyring_revision,
    };
  },
});
