import { IlotError } from '../../../shared/errors.js';
import * as contracts from '../../../shared/operations/contacts.js';
import { findAvatar } from '../../../domain/avatars.js';
import { avatarOfContactPhrase, insertContactPair } from '../../../domain/contacts.js';
import { authorize } from '../../../domain/policies.js';
import { defineOperation } from '../../pipeline/operation.js';

/** Adds the avatar a contact phrase designates as a contact of one of the member's avatars, both ways. */
export const addContact = defineOperation({
  ...contracts.addContact,
  access: { plane: 'member' },
  effect: 'growth',
  checksCredentials: true,
  async run(input, { tx, member, now }) {
    const mine = authorize(member, 'write', 'avatar', await findAvatar(tx, member.spaceId, input.avatarId));
    const theirs = await avatarOfContactPhrase(tx, member.spaceId, input.phrase);
    if (theirs.id === mine.id) throw new IlotError('CONTACT_SELF');
    const existing = await tx
      .selectFrom('contacts')
      .select('contact_id')
      .where('space_id', '=', member.spaceId)
      .where('avatar_id', '=', mine.id)
      .where('contact_id', '=', theirs.id)
      .executeTakeFirst();
    if (existing) throw new IlotError('CONTACT_EXISTS');
    await insertContactPair(
      tx,
      member.spaceId,
      { a: mine.id, b: theirs.id, cardKeyOfBForA: input.theirCardKeyForMe, cardKeyOfAForB: input.myCardKeyForThem },
      'phrase',
      now,
    );
    return { contactId: theirs.id, name: theirs.name };
  },
});
