import * as contracts from '../../../shared/operations/sessions.js';
import { sessionView } from '../../../domain/sessions.js';
import { siteSpaceId } from '../../../store/schema.js';
import { openSessions } from '../../auth/sessions.js';
import { defineOperation } from '../../pipeline/operation.js';

/** Operators: the open operator sessions, newest first. */
export const listOperatorSessions = defineOperation({
  ...contracts.listOperatorSessions,
  access: { plane: 'operator' },
  effect: 'read',
  async run(_input, { tx, now, principal }) {
    const rows = await openSessions(tx, siteSpaceId, now);
    const current = principal.kind === 'operator' ? principal.sessionId : '';
    return { sessions: rows.map((r) => ({ ...sessionView(r, current), operator: r.subject, role: r.role })) };
  },
});
