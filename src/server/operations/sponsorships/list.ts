import * as contracts from '../../../shared/operations/sponsorships.js';
import { conditionsOf, stateOf } from '../../../domain/sponsorships.js';
import { defineOperation } from '../../pipeline/operation.js';

/** The member's sponsorships, newest first, with their state and the sponsored's answer (encrypted). */
export const listSponsorships = defineOperation({
  ...contracts.listSponsorships,
  access: { plane: 'member' },
  effect: 'read',
  async run(_input, { tx, member, now }) {
    const rows = await tx
      .selectFrom('sponsorships')
      .selectAll()
      .where('space_id', '=', member.spaceId)
      .where('sponsor', '=', member.accountId)
      .orderBy('created_at', 'desc')
      .execute();
    return {
      sponsorships: rows.map((row) => ({
        ...conditionsOf(row),
        state: stateOf(row, now),
        sponsorAvatarId: row.sponsor_avatar!,
        keyForSponsor: row.key_for_sponsor!,
        answer: row.answer,
        answeredAt: row.answered_at,
      })),
    };
  },
});
