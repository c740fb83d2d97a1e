import * as contracts from '../../../shared/operations/spaces.js';
import { spaceByOrgCode } from '../../../domain/spaces.js';
import { spaceView } from '../../../domain/space-views.js';
import { defineOperation } from '../../pipeline/operation.js';

/** Operators: one space. */
export const showSpace = defineOperation({
  ...contracts.showSpace,
  access: { plane: 'operator' },
  effect: 'read',
  async run(input, { tx }) {
    return spaceView(tx, await spaceByOrgCode(tx, input.orgCode));
  },
});
