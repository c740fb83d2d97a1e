/** Who is calling, as established by the authentication stage. */
export type Principal =
  | { kind: 'anonymous' }
  | { kind: 'operator'; name: string; role: 'admin' | 'observer'; sessionId: string }
  | { kind: 'member'; spaceId: number; accountId: string; roles: string[]; accountKind: 'O' | 'A' | null; partitionId: string | null; sessionId: string };

export type Member = Extract<Principal, { kind: 'member' }>;

/** Resolves a caller's credential (a bearer token; null: none, anonymous); throws SESSION_INVALID for one it does not accept. */
export type Authenticator = (credential: string | null) => Promise<Principal>;

/** The space a principal acts in, or null for the site (operators, anonymous callers). */
export function spaceOf(principal: Principal): number | null {
  return principal.kind === 'member' ? principal.spaceId : null;
}

/** How the principal appears in the audit log. */
export function actorOf(principal: Principal): { actor: string; role: string } {
  switch (principal.kind) {
    case 'operator':
      return { actor: principal.name, role: `operator:${principal.role}` };
    case 'member':
      return { actor: principal.accountId, role: principal.roles.join(',') || 'member' };
    default:
      return { actor: 'anonymous', role: 'anonymous' };
  }
}
