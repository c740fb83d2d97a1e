import { Type } from '@sinclair/typebox';
import { IlotError } from '../../../shared/errors.js';
import { Nullable } from '../../../shared/protocol.js';
import { siteSpaceId } from '../../../store/schema.js';
import { defineOperation } from '../../pipeline/operation.js';
import { revokeSession } from '../../auth/sessions.js';

const Session = Type.Object({
  id: Type.String(),
  operator: Type.String(),
  role: Type.String(),
  createdAt: Type.Integer(),
  expiresAt: Type.Integer(),
  address: Nullable(Type.String()),
  userAgent: Nullable(Type.String()),
  current: Type.Boolean({ description: 'the session making this request' }),
});

/** Operators: the open operator sessions, newest first. */
export const listOperatorSessions = defineOperation({
  name: 'operator.sessions.list',
  summary: 'List open operator sessions',
  access: { plane: 'operator' },
  effect: 'read',
  input: Type.Object({}, { additionalProperties: false }),
  output: Type.Object({ sessions: Type.Array(Session) }),
  async run(_input, { tx, now, principal }) {
    const rows = await tx
      .selectFrom('sessions')
      .selectAll()
      .where('space_id', '=', siteSpaceId)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .orderBy('created_at', 'desc')
      .execute();
    const current = principal.kind === 'operator' ? principal.sessionId : '';
    return {
      sessions: rows.map((r) => ({
        id: r.id,
        operator: r.subject,
        role: r.role,
        createdAt: r.created_at,
        expiresAt: r.expires_at,
        address: r.address,
        userAgent: r.user_agent,
        current: r.id === current,
      })),
    };
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
