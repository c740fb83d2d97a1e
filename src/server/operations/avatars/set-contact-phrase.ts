import * as contracts from '../../../shared/operations/avatars.js';
import { findAvatar } from '../../../domain/avatars.js';
import { claimPrefix, releasePrefix } from '../../../domain/phrases.js';
import { authorize } from '../../../domain/policies.js';
import { hashKey } from '../../../domain/secrets.js';
import { defineOperation } from '../../pipeline/operation.js';

/**
 * Sets, changes or erases (null) an avatar's contact phrase: its prefix is claimed in the space,
 * and the card key is left wrapped under the phrase's wrap key for whoever knows the phrase.
 */
export const setContactPhrase = defineOperation({
  ...contracts.setContactPhrase,
  access: { plane: 'member' },
  effect: 'write',
  async run(input, { tx, member }) {
    const avatar = authorize(member, 'write', 'avatar', await findAvatar(tx, member.spaceId, input.avatarId));
    if (avatar.contact_prefix_id) await releasePrefix(tx, member.spaceId, avatar.contact_prefix_id);
    if (input.phrase) await claimPrefix(tx, member.spaceId, input.phrase.prefixId, 'contact', avatar.id);
    await tx
      .updateTable('avatars')
      .set({
        contact_prefix_id: input.phrase?.prefixId ?? null,
        contact_auth_hash: input.phrase ? hashKey(input.phrase.authKey) : null,
        contact_card_key: input.phrase?.wrappedCardKey ?? null,
      })
      .where('space_id', '=', member.spaceId)
      .where('id', '=', avatar.id)
      .execute();
    return { ok: true };
  },
});
