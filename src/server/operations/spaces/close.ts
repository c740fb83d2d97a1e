import * as contracts from '../../../shared/operations/spaces.js';
import { spaceView } from '../../../domain/space-views.js';
import { changeAnnounced } from './announced-change.js';
import { defineOperation } from '../../pipeline/operation.js';

/** Operators (admin): closing keeps only the message (and new address); the purge of the data is requested for the task engine. */
export const closeSpace = defineOperation({
  ...contracts.closeSpace,
  access: { plane: 'operator' },
  effect: 'write',
  audit: true,
  auditTarget: (input) => input.orgCode,
  async run({ orgCode, message, newAddress }, context) {
    const { tx, now, describe, defer } = context;
    describe(orgCode, { message, newAddress });
    const space = await changeAnnounced(context, orgCode, {
      closed_at: now,
      closing_message: message,
      new_address: newAddress ?? null,
      purge_requested_at: now,
    });
    await defer({ kind: 'purge.space', spaceId: space.id, target: String(space.id) });
    return spaceView(tx, space);
  },
});
