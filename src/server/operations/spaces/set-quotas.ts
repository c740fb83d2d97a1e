import * as contracts from '../../../shared/operations/spaces.js';
import { quotaColumns, spaceView } from '../../../domain/space-views.js';
import { changeAnnounced } from './announced-change.js';
import { defineOperation } from '../../pipeline/operation.js';

/** Operators (admin): the quotas agreed with the organization. */
export const setQuotas = defineOperation({
  ...contracts.setQuotas,
  access: { plane: 'operator' },
  effect: 'write',
  audit: true,
  auditTarget: (input) => input.orgCode,
  async run({ orgCode, quotas }, context) {
    const { tx, describe } = context;
    describe(orgCode, { quotas });
    return spaceView(tx, await changeAnnounced(context, orgCode, quotaColumns(quotas)));
  },
});
