import * as contracts from '../../../shared/operations/spaces.js';
import { spaceView } from '../../../domain/space-views.js';
import { changeAnnounced } from './announced-change.js';
import { defineOperation } from '../../pipeline/operation.js';

/** Operators (admin): from that date no one signs in to the space; null lifts it. */
export const setSigninBan = defineOperation({
  ...contracts.setSigninBan,
  access: { plane: 'operator' },
  effect: 'write',
  audit: true,
  auditTarget: (input) => input.orgCode,
  async run({ orgCode, from }, context) {
    const { tx, describe } = context;
    describe(orgCode, { from });
    return spaceView(tx, await changeAnnounced(context, orgCode, { signin_ban_at: from }));
  },
});
