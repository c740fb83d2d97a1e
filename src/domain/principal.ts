/** Who is calling, as established by the pipeline's authentication stage. */
export type Principal =
  | { kind: 'anonymous' }
  | { kind: 'operator'; name: string; role: 'admin' | 'observer'; sessionId: string }
  | {
      kind: 'member';
      spaceId: number;
      accountId: string;
      roles: string[];
      accountKind: 'O' | 'A' | null;
      partitionId: string | null;
      sessionId: string;
    };

export type Member = Extract<Principal, { kind: 'member' }>;
