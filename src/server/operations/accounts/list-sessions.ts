import * as contracts from '../../../shared/operations/accounts.js';
import { sessionView } from '../../../domain/sessions.js';
import { openSessions } from '../../auth/sessions.js';
import { defineOperation } from '../../pipeline/operation.js';

/** The member's open sessions, newest first. */
export const listAccountSessions = defineOperation({
  ...contracts.listAccountSessions,
  access: { plane: 'member' },
  effect: 'read',
  async run(_input, { tx, member, now }) {
    const rows = await openSessions(tx, member.spaceId, now, member.accountId);
    return { sessions: rows.map((r) => sessionView(r, member.sessionId)) };
  },
});
