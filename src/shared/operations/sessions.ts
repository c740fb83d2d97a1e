import { Type } from '@sinclair/typebox';
import { defineContract } from './contract.js';
import { AccountKind, Key32, Nullable, OrgCode, SessionId, SessionView } from '../protocol.js';

/** What a member's client receives at sign-in to open its keys: the account's wrapped keys and its avatars, the primary first. */
export const AccountMaterial = Type.Object({
  id: Type.String(),
  roles: Type.Array(Type.String()),
  kind: Nullable(AccountKind()),
  expiresAt: Nullable(Type.Integer({ description: 'end of the account lifetime; null: never (the treasurer)' })),
  wrappedAccountKey: Type.String(),
  wrappedSpaceKey: Nullable(Type.String()),
  avatars: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      ecdhPublicKey: Type.String(),
      signingPublicKey: Type.String(),
      wrappedPrivateKeys: Type.String(),
      wrappedCardKey: Nullable(Type.String()),
    }),
  ),
  notification: Nullable(Type.String()),
});

/**
 * Signs in with an org code and the keys the client derived from its passphrase (never the
 * passphrase). The answer holds `operator` for the org code `admin`, `account` for a space.
 */
export const signIn = defineContract({
  name: 'session.signIn',
  summary: 'Sign in with an org code and keys derived from a passphrase',
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
    account: Type.Optional(AccountMaterial),
  }),
});

/** Ends the caller's own session. */
export const signOut = defineContract({
  name: 'session.signOut',
  summary: 'End this session',
  input: Type.Object({}, { additionalProperties: false }),
  output: Type.Object({ ok: Type.Boolean() }),
});

/** Operators: the open operator sessions, newest first. */
export const listOperatorSessions = defineContract({
  name: 'operator.sessions.list',
  summary: 'List open operator sessions',
  input: Type.Object({}, { additionalProperties: false }),
  output: Type.Object({
    sessions: Type.Array(Type.Composite([SessionView, Type.Object({ operator: Type.String(), role: Type.String() })])),
  }),
});

/** Operators (admin): ends an operator session, for instance one left open elsewhere. */
export const revokeOperatorSession = defineContract({
  name: 'operator.sessions.revoke',
  summary: 'End an operator session',
  input: Type.Object({ id: SessionId() }, { additionalProperties: false }),
  output: Type.Object({ ok: Type.Boolean() }),
});
