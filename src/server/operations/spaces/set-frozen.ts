import * as contracts from '../../../shared/operations/spaces.js';
import { spaceView } from '../../../domain/space-views.js';
import { changeAnnounced } from './announced-change.js';
import { defineOperation } from '../../pipeline/operation.js';

/** Operators (admin): nothing can be written, and sign-ins no longer extend lifetimes. */
export const setFrozen = defineOperation({
  ...contracts.setFrozen,
  access: { plane: 'operator' },
  effect: 'write',
  audit: true,
  auditTarget: (input) => input.orgCode,
  async run({ orgCode, frozen }, context) {
    const { tx, describe } = context;
    describe(orgCode, { frozen });
    return spaceView(tx, await changeAnnounced(context, orgCode, { frozen: frozen ? 1 : 0 }));
  },
});
