import * as contracts from '../../../shared/operations/spaces.js';
import { changeSpace } from '../../../domain/spaces.js';
import { spaceView } from '../../../domain/space-views.js';
import { defineOperation } from '../../pipeline/operation.js';

/** Operators (admin): nothing can be written, and sign-ins no longer extend lifetimes. */
export const setFrozen = defineOperation({
  ...contracts.setFrozen,
  access: { plane: 'operator' },
  effect: 'write',
  audit: true,
  auditTarget: (input) => input.orgCode,
  async run({ orgCode, frozen }, { tx, describe }) {
    describe(orgCode, { frozen });
    return spaceView(tx, await changeSpace(tx, orgCode, { frozen: frozen ? 1 : 0 }));
  },
});
