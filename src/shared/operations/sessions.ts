import { Type } from '@sinclair/typebox';
import { defineContract } from './contract.js';
import { NotificationView, RestrictionView } from './notifications.js';
import { ScopedId } from '../ids.js';
import {
  AccountKind,
  AvatarMaterial,
  Key32,
  KeyringChange,
  Nullable,
  OrgCode,
  SecretHash,
  SessionId,
  SessionView,
  maxSecondaryAvatars,
} from '../protocol.js';

/**
 * What a member's client receives at sign-in to open its keys: the account's wrapped keys, its
 * keyring (the sealed list of its secondary avatars, which it then presents), and the avatars the
 * account names: the primary one first, then secondary ones still linked from before unlinking
 * (legacy), which the client moves into its keyring.
 */
export const AccountMaterial = Type.Object({
  id: Type.String(),
  roles: Type.Array(Type.String()),
  kind: Nullable(AccountKind()),
  expiresAt: Nullable(Type.Integer({ description: 'end of the account lifetime; null: never (the treasurer)' })),
  wrappedAccountKey: Type.String(),
  wrappedSpaceKey: Nullable(Type.String()),
  avatars: Type.Array(AvatarMaterial()),
  keyring: Nullable(Type.String({ description: 'the sealed list of secondary avatars; null: none yet' })),
  keyringRevision: Type.Integer(),
  presented: Nullable(
    Type.Array(AvatarMaterial(), { description: 'the avatars presented with the sign-in; null: none were (or the keyring changed since)' }),
  ),
  notifications: Type.Array(NotificationView, { description: "the space's, the partition's and the account's own" }),
  restrictions: Type.Array(RestrictionView, { description: 'the restrictions in force at sign-in' }),
});

/** Avatars with their proofs: each avatar secret masked for the request that presents it. */
const Proofs = (masked: string) =>
  Type.Array(Type.Object({ id: ScopedId(), proof: Key32(`the avatar secret masked ${masked}`) }, { additionalProperties: false }), {
    maxItems: maxSecondaryAvatars,
  });
const UsageKey = () => Key32("the key that masks the account's usage, derived from the account key");

const AvatarList = (description: string) => Type.Array(ScopedId(), { maxItems: maxSecondaryAvatars, description });

/**
 * Presents the session's secondary avatars: each with the proof that the session holds its secret.
 * The session then acts as them (and only them) besides its primary avatar; the server keeps that
 * set only sealed under the session's token. `keyring` records, in the same step, legacy avatars
 * moved into the keyring (`adopted`, with the hash of their new secret) and avatars the keyring
 * lists that are gone (`forgotten`, purged when their lifetime ended).
 */
export const presentAvatars = defineContract({
  name: 'session.presentAvatars',
  summary: "Present this session's secondary avatars with their proofs",
  input: Type.Object(
    {
      avatars: Proofs('for this session'),
      usageKey: UsageKey(),
      keyring: Type.Optional(
        Type.Composite(
          [
            KeyringChange(),
            Type.Object({
              adopted: Type.Array(
                Type.Object({ id: ScopedId(), proofHash: SecretHash('SHA-256 of the avatar secret') }, { additionalProperties: false }),
                {
                  maxItems: maxSecondaryAvatars,
                },
              ),
              forgotten: AvatarList('avatars of the keyring that are gone'),
            }),
          ],
          { additionalProperties: false },
        ),
      ),
    },
    { additionalProperties: false },
  ),
  output: Type.Object({
    avatars: Type.Array(AvatarMaterial()),
    keyringRevision: Nullable(Type.Integer({ description: 'the keyring revision after this change; null: the keyring was not changed' })),
  }),
});

/**
 * Signs in with an org code and the keys the client derived from its passphrase (never the
 * passphrase). The answer holds `operator` for the org code `admin`, `account` for a space. A
 * client that kept the account's keyring (as ciphertext) presents its avatars in the same request
 * (`present`): proofs masked under the auth key, for the keyring revision they come from.
 */
export const signIn = defineContract({
  name: 'session.signIn',
  summary: 'Sign in with an org code and keys derived from a passphrase',
  input: Type.Object(
    {
      orgCode: OrgCode(),
      prefixId: Key32('hash of the key of the passphrase prefix'),
      authKey: Key32('auth key derived from the passphrase'),
      present: Type.Optional(
        Type.Object(
          {
            keyringRevision: Type.Integer({ minimum: 0, maximum: 2 ** 31, description: 'the keyring revision the proofs come from' }),
            avatars: Proofs('under the auth key'),
            usageKey: UsageKey(),
          },
          { additionalProperties: false },
        ),
      ),
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
