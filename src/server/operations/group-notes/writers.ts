import * as contracts from '../../../shared/operations/group-notes.js';
import { authorizeGroupNotes, groupNotesAs } from '../../../domain/group-notes.js';
import { defineOperation } from '../../pipeline/operation.js';

/**
 * The signing public keys of every avatar whose writing a group note still records, for a reader of
 * the group's notes: its client checks each authorship against them (the server's own check at
 * writing time is not the reader's). Ids and public keys only: no names, no cards.
 */
export const groupNoteWriters = defineOperation({
  ...contracts.groupNoteWriters,
  access: { plane: 'member' },
  effect: 'read',
  async run(input, { tx, member }) {
    authorizeGroupNotes(member, 'read', await groupNotesAs(tx, member, input.groupId, input.avatarId));
    const writers = await tx
      .selectFrom('avatars')
      .select(['id as avatarId', 'signing_public_key as signingPublicKey'])
      .where('space_id', '=', member.spaceId)
      .where('id', 'in', (eb) =>
        eb.selectFrom('group_note_authors').select('avatar_id').where('space_id', '=', member.spaceId).where('subtree', '=', input.groupId),
      )
      .orderBy('id')
      .execute();
    return { writers };
  },
});
