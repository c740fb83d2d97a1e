import { IlotError } from '../../../shared/errors.js';
import * as contracts from '../../../shared/operations/sessions.js';
import { siteSpaceId } from '../../../store/schema.js';
import { revokeSession } from '../../auth/sessions.js';
import { defineOperation } from '../../pipeline/operation.js';
import { spaceOf } from '../../pipeline/principal.js';

/** Ends the caller's own session (any plane, observers included). */
export const signOut = defineOperation({
  ...contracts.signOut,
  access: { plane: 'public' },
  effect: 'session',
  async run(_input, { tx, principal, now, notify }) {
    // An agent holds a credential, not a session: revoking it is the operators' (fleet.host.revoke).
    if (principal.kind === 'anonymous' || principal.kind === 'agent') throw new IlotError('AUTH_REQUIRED');
    const spaceId = spaceOf(principal) ?? siteSpaceId;
    await revokeSession(tx, spaceId, principal.sessionId, now);
    notify({ spaceId, endedSession: principal.sessionId });
    return { ok: true };
  },
});
