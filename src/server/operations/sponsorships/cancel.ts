import { IlotError } from '../../../shared/errors.js';
import * as contracts from '../../../shared/operations/sponsorships.js';
import { releasePrefix } from '../../../domain/phrases.js';
import { authorize } from '../../../domain/policies.js';
import { findSponsorship, settle } from '../../../domain/sponsorships.js';
import { defineOperation } from '../../pipeline/operation.js';

/** Cancels a pending sponsorship: its phrase no longer opens anything and its prefix is free again. */
export const cancelSponsorship = defineOperation({
  ...contracts.cancelSponsorship,
  access: { plane: 'member' },
  effect: 'write',
  audit: true,
  async run(input, { tx, member, describe }) {
    describe(input.id);
    const row = authorize(member, 'write', 'sponsorship', await findSponsorship(tx, member.spaceId, input.id));
    if (row.state !== 'pending') throw new IlotError('SPONSORSHIP_NOT_PENDING');
    await settle(tx, row, { state: 'cancelled' }, 'SPONSORSHIP_NOT_PENDING');
    await releasePrefix(tx, row.space_id, row.prefix_id);
    return { id: row.id, state: 'cancelled' as const };
  },
});
