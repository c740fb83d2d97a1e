import type { Principal } from '../../domain/principal.js';

/** Resolves a caller's credential (a bearer token; null: none, anonymous); throws SESSION_INVALID for one it does not accept. */
export type Authenticator = (credential: string | null) => Promise<Principal>;

/** The space a principal acts in (an agent: its host's fleet), or null for the site (operators, anonymous callers). */
export function spaceOf(principal: Principal): number | null {
  return principal.kind === 'member' || principal.kind === 'agent' ? principal.spaceId : null;
}

/** How the principal appears in the audit log. */
export function actorOf(principal: Principal): { actor: string; role: string } {
  switch (principal.kind) {
    case 'operator':
      return { actor: principal.name, role: `operator:${principal.role}` };
    case 'member':
      return { actor: principal.accountId, role: principal.roles.join(',') || 'member' };
    case 'agent':
      return { actor: `host:${principal.hostId}`, role: 'agent' };
    default:
      return { actor: 'anonymous', role: 'anonymous' };
  }
}
