import * as contracts from '../../../shared/operations/fleet.js';
import { IlotError } from '../../../shared/errors.js';
import { hashKey, keyMatches } from '../../../domain/secrets.js';
import { newSecret } from '../../../tower/hosts.js';
import { defineOperation } from '../../pipeline/operation.js';

/** A token is `<host id>.<secret>`. */
function parseToken(token: string): { hostId: string; secret: string } {
  const [hostId = '', secret = ''] = token.split('.');
  return { hostId, secret };
}

/**
 * An agent exchanges its host's one-time enrolment token for the host's credential: the tower
 * keeps only its hash. A token works once, before it expires; enrolling again replaces any earlier
 * credential, which stops working, and restarts the message counter.
 */
export const enrolAgent = defineOperation({
  ...contracts.enrolAgent,
  access: { plane: 'public' },
  effect: 'write',
  audit: true,
  checksCredentials: true,
  auditTarget: (input) => input.token.slice(0, 16),
  // The token names its host, and so the fleet the enrolment acts in.
  spaceOfInput: async (input, tx) =>
    (await tx.selectFrom('fleet_hosts').select('space_id').where('id', '=', parseToken(input.token).hostId).executeTakeFirst())?.space_id ??
    null,
  async run(input, { tx, now }) {
    const { hostId, secret } = parseToken(input.token);
    const host = await tx.selectFrom('fleet_hosts').selectAll().where('id', '=', hostId).executeTakeFirst();
    if (!keyMatches(secret, host?.enrol_token_hash ?? undefined) || !host) throw new IlotError('ENROL_TOKEN_INVALID');
    if (host.enrol_expires_at === null) throw new IlotError('ENROL_TOKEN_USED');
    if (host.enrol_expires_at <= now) throw new IlotError('ENROL_TOKEN_EXPIRED');
    const credential = newSecret();
    await tx
      .updateTable('fleet_hosts')
      .set({
        credential_hash: hashKey(credential),
        enrol_expires_at: null,
        enrolled_at: now,
        revoked_at: null,
        last_seq: 0,
        agent_version: input.version,
      })
      .where('id', '=', host.id)
      .execute();
    return { hostId: host.id, hostName: host.name, credential: `agent.${host.id}.${credential}` };
  },
});
