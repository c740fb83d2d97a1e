import { Type } from '@sinclair/typebox';
import { IlotError } from '../../../shared/errors.js';
import { defineOperation } from '../../pipeline/operation.js';
import { spaceOf } from '../../pipeline/principal.js';
import { siteSpaceId } from '../../../store/schema.js';
import { revokeSession } from '../../auth/sessions.js';

/** Ends the caller's own session (any plane, observers included). */
export const signOut = defineOperation({
  name: 'session.signOut',
  summary: 'End this session',
  access: { plane: 'public' },
  effect: 'session',
  input: Type.Object({}, { additionalProperties: false }),
  output: Type.Object({ ok: Type.Boolean() }),
  async run(_input, { tx, principal, now, notify }) {
    if (principal.kind === 'anonymous') throw new IlotError('AUTH_REQUIRED');
    const spaceId = spaceOf(principal) ?? siteSpaceId;
    await revokeSession(tx, spaceId, principal.sessionId, now);
    notify({ spaceId, endedSession: principal.sessionId });
    return { ok: true };
  },
});
