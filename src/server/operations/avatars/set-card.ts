import { IlotError } from '../../../shared/errors.js';
import { cardMaxLength } from '../../../shared/limits.js';
import * as contracts from '../../../shared/operations/avatars.js';
import { findAvatar } from '../../../domain/avatars.js';
import { authorize } from '../../../domain/policies.js';
import { defineOperation } from '../../pipeline/operation.js';

/** Sets (or erases, with null) an avatar's card, encrypted by its owner under the card key. */
export const setCard = defineOperation({
  ...contracts.setCard,
  access: { plane: 'member' },
  effect: 'write',
  async run(input, { tx, member }) {
    if (input.card !== null && input.card.length > cardMaxLength)
      throw new IlotError('CARD_TOO_LARGE', undefined, { maxLength: cardMaxLength });
    const avatar = authorize(member, 'write', 'avatar', await findAvatar(tx, member.spaceId, input.avatarId));
    await tx.updateTable('avatars').set({ card: input.card }).where('space_id', '=', member.spaceId).where('id', '=', avatar.id).execute();
    return { ok: true };
  },
});
