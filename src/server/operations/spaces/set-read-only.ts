import * as contracts from '../../../shared/operations/spaces.js';
import { spaceView } from '../../../domain/space-views.js';
import { changeAnnounced } from './announced-change.js';
import { defineOperation } from '../../pipeline/operation.js';

/** Operators (admin): data can be consulted, not changed. */
export const setReadOnly = defineOperation({
  ...contracts.setReadOnly,
  access: { plane: 'operator' },
  effect: 'write',
  audit: true,
  auditTarget: (input) => input.orgCode,
  async run({ orgCode, readOnly }, context) {
    const { tx, describe } = context;
    describe(orgCode, { readOnly });
    return spaceView(tx, await changeAnnounced(context, orgCode, { read_only: readOnly ? 1 : 0 }));
  },
});
