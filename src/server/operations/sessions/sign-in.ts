import { createHash, timingSafeEqual } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import { IlotError } from '../../../shared/errors.js';
import { Key32, OrgCode, operatorOrgCode } from '../../../shared/protocol.js';
import { siteSpaceId } from '../../../store/schema.js';
import { createSession } from '../../auth/sessions.js';
import { defineOperation } from '../../pipeline/operation.js';

/** The verifier of an auth key: what `ilot operator verifier` prints and the configuration holds. */
export function verifierOf(authKey: string): string {
  return createHash('sha256').update(authKey).digest('base64url');
}

/**
 * Signs in with an org code and the keys the client derived from its passphrase (never the
 * passphrase). Operators: org code `admin`; the auth key must match one configured verifier.
 * Every failure looks the same and is slowed and throttled by the pipeline.
 */
export const signIn = defineOperation({
  name: 'session.signIn',
  summary: 'Sign in with an org code and keys derived from a passphrase',
  access: { plane: 'public' },
  effect: 'write',
  audit: true,
  checksCredentials: true,
  input: Type.Object(
    {
      orgCode: OrgCode(),
      prefixId: Key32('hash of the key of the passphrase prefix'),
      authKey: Key32('auth key derived from the passphrase'),
    },
    { additionalProperties: false },
  ),
  output: Type.Object({
    token: Type.String({ description: 'bearer token of the new session' }),
    sessionId: Type.String(),
    expiresAt: Type.Integer(),
    operator: Type.Optional(Type.Object({ name: Type.String(), role: Type.String() })),
  }),
  async run(input, { tx, config, now, request, describe }) {
    if (input.orgCode !== operatorOrgCode) throw new IlotError('SIGNIN_FAILED');
    const given = Buffer.from(verifierOf(input.authKey));
    // Compare with every operator, without stopping at a match: the time does not tell which.
    let found: (typeof config.operators)[number] | undefined;
    for (const operator of config.operators) {
      if (timingSafeEqual(given, Buffer.from(operator.verifier)) && !found) found = operator;
    }
    if (!found) throw new IlotError('SIGNIN_FAILED');
    describe(found.name);
    const session = await createSession(tx, { spaceId: siteSpaceId, subject: found.name, role: found.role }, config, now, request);
    return { token: session.token, sessionId: session.id, expiresAt: session.expiresAt, operator: { name: found.name, role: found.role } };
  },
});
