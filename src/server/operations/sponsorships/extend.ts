import { IlotError } from '../../../shared/errors.js';
import * as contracts from '../../../shared/operations/sponsorships.js';
import { authorize } from '../../../domain/policies.js';
import { findSponsorship, sponsorshipValidityMs } from '../../../domain/sponsorships.js';
import { defineOperation } from '../../pipeline/operation.js';

/** Keeps a pending sponsorship open 30 more days from now (an expired one opens again). */
export const extendSponsorship = defineOperation({
  ...contracts.extendSponsorship,
  access: { plane: 'member' },
  effect: 'write',
  async run(input, { tx, member, now }) {
    const row = authorize(member, 'write', 'sponsorship', await findSponsorship(tx, member.spaceId, input.id));
    if (row.state !== 'pending') throw new IlotError('SPONSORSHIP_NOT_PENDING');
    const expiresAt = now + sponsorshipValidityMs;
    await tx
      .updateTable('sponsorships')
      .set({ expires_at: expiresAt })
      .where('space_id', '=', row.space_id)
      .where('id', '=', row.id)
      .execute();
    return { id: row.id, expiresAt };
  },
});
