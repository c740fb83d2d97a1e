import * as contracts from '../../../shared/operations/spaces.js';
import { spaceView } from '../../../domain/space-views.js';
import { changeAnnounced } from './announced-change.js';
import { defineOperation } from '../../pipeline/operation.js';

/** Operators (admin): a notification every account of the space sees, dated; null clears it. */
export const setNotification = defineOperation({
  ...contracts.setNotification,
  access: { plane: 'operator' },
  effect: 'write',
  audit: true,
  auditTarget: (input) => input.orgCode,
  async run({ orgCode, text }, context) {
    const { tx, now, describe } = context;
    describe(orgCode, { text });
    return spaceView(tx, await changeAnnounced(context, orgCode, { notification: text, notification_at: text === null ? null : now }));
  },
});
