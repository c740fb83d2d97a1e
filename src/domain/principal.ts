/** Who is calling, as established by the pipeline's authentication stage. */
export type Principal =
  | { kind: 'anonymous' }
  | { kind: 'operator'; name: string; role: 'admin' | 'observer'; sessionId: string }
  /** A fleet host's agent, by its credential (src/server/auth/agents.ts), in its host's fleet (0: the provider's). */
  | { kind: 'agent'; hostId: string; spaceId: number }
  | {
      kind: 'member';
      spaceId: number;
      accountId: string;
      roles: string[];
      accountKind: 'O' | 'A' | null;
      partitionId: string | null;
      sessionId: string;
      /** The avatars the session may act as: the primary one, then those it presented (in memory, never stored in clear). */
      avatars: readonly string[];
      /** The secret of the session's bearer token: it opens and seals the session's state, and unmasks avatar proofs. */
      tokenSecret: string;
      /** The key that masks the account's usage, as the session presented it; null before it does (see domain/usage.ts). */
      usageKey: string | null;
    };

export type Member = Extract<Principal, { kind: 'member' }>;
