import { IlotError } from '../../shared/errors.js';
import { agentCredentialPattern } from '../../shared/operations/fleet.js';
import type { Store } from '../../store/database.js';
import { keyMatches } from '../../domain/secrets.js';
import type { Authenticator } from '../pipeline/principal.js';

/**
 * Resolves an agent's credential (`agent.<host id>.<secret>`) to its host and the host's fleet
 * (the space its operations are confined to); any other credential
 * goes to `others` (sessions). Only the secret's SHA-256 is stored, compared in constant time; a
 * revoked credential, or one replaced by a new enrolment, is refused (AGENT_CREDENTIAL_INVALID).
 */
export function withAgents(store: Store, others: Authenticator): Authenticator {
  return async (credential) => {
    const agent = credential === null ? null : agentCredentialPattern.exec(credential);
    if (!agent) return others(credential);
    const [, hostId, secret] = agent as unknown as [string, string, string];
    const host = await store.db
      .selectFrom('fleet_hosts')
      .select(['space_id', 'credential_hash', 'revoked_at'])
      .where('id', '=', hostId)
      .executeTakeFirst();
    if (!keyMatches(secret, host?.credential_hash ?? undefined) || !host || host.revoked_at !== null)
      throw new IlotError('AGENT_CREDENTIAL_INVALID');
    return { kind: 'agent', hostId, spaceId: host.space_id };
  };
}
