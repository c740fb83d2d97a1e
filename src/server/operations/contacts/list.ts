import * as contracts from '../../../shared/operations/contacts.js';
import { defineOperation } from '../../pipeline/operation.js';

/**
 * The contacts of all the session's avatars, with their cards and the account's notes (encrypted).
 * A contact whose avatar was deleted shows with `gone` until the task engine purges it.
 */
export const listContacts = defineOperation({
  ...contracts.listContacts,
  access: { plane: 'member' },
  effect: 'read',
  async run(_input, { tx, member }) {
    const rows = await tx
      .selectFrom('contacts')
      .leftJoin('avatars as other', (join) =>
        join.onRef('other.space_id', '=', 'contacts.space_id').onRef('other.id', '=', 'contacts.contact_id'),
      )
      .select([
        'contacts.avatar_id',
        'contacts.contact_id',
        'contacts.card_key',
        'contacts.note',
        'contacts.origin',
        'contacts.created_at',
        'other.name',
        'other.ecdh_public_key',
        'other.card',
      ])
      .where('contacts.space_id', '=', member.spaceId)
      .where('contacts.avatar_id', 'in', member.avatars)
      .execute();
    // By avatar (the session's order, the primary first), then by month and number: a contact keeps no finer time.
    const rank = new Map(member.avatars.map((id, i) => [id, i]));
    rows.sort(
      (a, b) =>
        rank.get(a.avatar_id)! - rank.get(b.avatar_id)! ||
        Number(a.created_at) - Number(b.created_at) ||
        a.contact_id.localeCompare(b.contact_id),
    );
    return {
      contacts: rows.map((r) => ({
        avatarId: r.avatar_id,
        contactId: r.contact_id,
        name: r.name,
        ecdhPublicKey: r.ecdh_public_key,
        card: r.card,
        cardKey: r.card_key,
        note: r.note,
        origin: r.origin,
        createdAt: r.created_at,
        gone: r.name === null,
      })),
    };
  },
});
