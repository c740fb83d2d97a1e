import { IlotError } from '../shared/errors.js';
import type { Tx } from '../store/database.js';
import type { Member } from './principal.js';

/** A note of one of the member's avatars; NOTE_NOT_FOUND otherwise, whoever's it is. */
export async function ownNote(tx: Tx, member: Member, id: string) {
  const note = await tx
    .selectFrom('notes')
    .innerJoin('avatars', (join) => join.onRef('avatars.space_id', '=', 'notes.space_id').onRef('avatars.id', '=', 'notes.subtree'))
    .select(['notes.id', 'notes.subtree', 'notes.parent_id'])
    .where('notes.space_id', '=', member.spaceId)
    .where('notes.id', '=', id)
    .where('avatars.account_id', '=', member.accountId)
    .executeTakeFirst();
  if (!note) throw new IlotError('NOTE_NOT_FOUND');
  return note;
}
