import * as contracts from '../../../shared/operations/sponsorships.js';
import { spaceByOrgCode } from '../../../domain/spaces.js';
import { quotasOf } from '../../../domain/space-views.js';
import { treasurerSponsorship } from '../../../domain/sponsorships.js';
import { defineOperation } from '../../pipeline/operation.js';

/** Public: with the org code and the sponsorship phrase's keys, the future treasurer reads the space's conditions. */
export const viewTreasurerSponsorship = defineOperation({
  ...contracts.viewTreasurerSponsorship,
  access: { plane: 'public' },
  effect: 'read',
  targetsSpace: true,
  checksCredentials: true,
  async run(input, { tx, spaceId }) {
    await treasurerSponsorship(tx, spaceId, input.sponsorship);
    const space = await spaceByOrgCode(tx, input.orgCode);
    return { orgCode: space.org_code, quotas: quotasOf(space), notification: space.notification };
  },
});
