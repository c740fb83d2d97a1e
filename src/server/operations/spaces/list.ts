import * as contracts from '../../../shared/operations/spaces.js';
import { listSpaces as allSpaces } from '../../../domain/spaces.js';
import { spaceViews } from '../../../domain/space-views.js';
import { defineOperation } from '../../pipeline/operation.js';

/** Operators: every space with its state, quotas and usage. */
export const listSpaces = defineOperation({
  ...contracts.listSpaces,
  access: { plane: 'operator' },
  effect: 'read',
  async run(_input, { tx }) {
    return { spaces: await spaceViews(tx, await allSpaces(tx)) };
  },
});
