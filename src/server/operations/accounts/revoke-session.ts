import { IlotError } from '../../../shared/errors.js';
import * as contracts from '../../../shared/operations/accounts.js';
import { revokeSession } from '../../auth/sessions.js';
import { defineOperation } from '../../pipeline/operation.js';

/** Ends one of the member's own sessions. */
export const revokeAccountSession = defineOperation({
  ...contracts.revokeAccountSession,
  access: { plane: 'member' },
  effect: 'session',
  async run(input, { tx, member, now, notify }) {
    if (!(await revokeSession(tx, member.spaceId, input.id, now, member.accountId))) throw new IlotError('SESSION_NOT_FOUND');
    notify({ spaceId: member.spaceId, endedSession: input.id });
    return { ok: true };
  },
});
