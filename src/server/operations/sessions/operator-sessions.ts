import { Type } from '@sinclair/typebox';
import { IlotError } from '../../../shared/errors.js';
import { siteSpaceId } from '../../../store/schema.js';
import { defineOperation } from '../../pipeline/operation.js';
import { openSessions, revokeSession } from '../../auth/sessions.js';
import { SessionView, sessionView } from '../../../domain/sessions.js';

const OperatorSession = Type.Composite([SessionView, Type.Object({ operator: Type.String(), role: Type.String() })]);

/** Operators: the open operator sessions, newest first. */
export const listOperatorSessions = defineOperation({
  name: 'operator.sessions.list',
  summary: 'List open operator sessions',
  access: { plane: 'operator' },
  effect: 'read',
  input: Type.Object({}, { additionalProperties: false }),
  output: Type.Object({ sessions: Type.Array(OperatorSession) }),
  async run(_input, { tx, now, principal }) {
    const rows = await openSessions(tx, siteSpaceId, now);
    const current = principal.kind === 'operator' ? principal.sessionId : '';
    return { sessions: rows.map((r) => ({ ...sessionView(r, current), operator: r.subject, role: r.role })) };
  },
});

/** Operators (admin): ends an operator session, for instance one left open elsewhere. */
export const revokeOperatorSession = defineOperation({
  name: 'operator.sessions.revoke',
  summary: 'End an operator session',
  access: { plane: 'operator' },
  effect: 'write',
  audit: true,
  input: Type.Object({ id: Type.String({ pattern: '^[A-Za-z0-9_-]{22}$' }) }, { additionalProperties: false }),
  output: Type.Object({ ok: Type.Boolean() }),
  async run(input, { tx, now, describe }) {
    describe(`session:${input.id}`);
    if (!(await revokeSession(tx, siteSpaceId, input.id, now))) throw new IlotError('SESSION_NOT_FOUND');
    return { ok: true };
  },
});
