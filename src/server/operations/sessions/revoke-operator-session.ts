import { IlotError } from '../../../shared/errors.js';
import * as contracts from '../../../shared/operations/sessions.js';
import { siteSpaceId } from '../../../store/schema.js';
import { revokeSession } from '../../auth/sessions.js';
import { defineOperation } from '../../pipeline/operation.js';

/** Operators (admin): ends an operator session, for instance one left open elsewhere. */
export const revokeOperatorSession = defineOperation({
  ...contracts.revokeOperatorSession,
  access: { plane: 'operator' },
  effect: 'write',
  audit: true,
  async run(input, { tx, now, describe }) {
    describe(`session:${input.id}`);
    if (!(await revokeSession(tx, siteSpaceId, input.id, now))) throw new IlotError('SESSION_NOT_FOUND');
    return { ok: true };
  },
});
