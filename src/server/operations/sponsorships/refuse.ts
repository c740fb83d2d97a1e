import * as contracts from '../../../shared/operations/sponsorships.js';
import { releasePrefix } from '../../../domain/phrases.js';
import { openSponsorship, settle } from '../../../domain/sponsorships.js';
import { defineOperation } from '../../pipeline/operation.js';

/** Public: refuses a sponsorship with a reason only the sponsor can read; the phrase is spent. */
export const refuseSponsorship = defineOperation({
  ...contracts.refuseSponsorship,
  access: { plane: 'public' },
  effect: 'write',
  targetsSpace: true,
  checksCredentials: true,
  async run(input, { tx, spaceId, now }) {
    const row = await openSponsorship(tx, spaceId, input.phrase, now);
    await settle(tx, row, { state: 'refused', answer: input.answer, answered_at: now, account_id: null });
    await releasePrefix(tx, row.space_id, row.prefix_id);
    return { state: 'refused' as const };
  },
});
