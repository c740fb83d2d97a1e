import { NotificationView, RestrictionView } from './notifications.js';
import { Type } from '@sinclair/typebox';
import { Count } from '../integers.js';
import { defineContract } from './contract.js';
import {
  AccountKind,
  AccountQuotas,
  AvatarKeys,
  Bytes,
  Key32,
  Nullable,
  OrgCode,
  PhraseKeys,
  SessionId,
  SessionView,
} from '../protocol.js';

/**
 * What a member is told of its space's state: the operator's notification and the restrictions in
 * force, so that the client can say what is still possible (a closed space refuses every request).
 */
export const SpaceStatus = Type.Object({
  notification: Nullable(Type.String()),
  readOnly: Type.Boolean({ description: 'data can be read, not changed' }),
  frozen: Type.Boolean({ description: 'nothing can be written, sign-ins no longer extend lifetimes' }),
  signinBanAt: Nullable(Type.Integer({ description: 'no sign-in from this date on' })),
  acceptsAAccounts: Type.Boolean({ description: 'A accounts may be sponsored' }),
});

/** The member's own account: kind, partition, quotas, lifetime, roles, and its space's state. */
export const showAccount = defineContract({
  name: 'account.show',
  summary: 'Show this account',
  input: Type.Object({}, { additionalProperties: false }),
  output: Type.Object({
    id: Type.String(),
    roles: Type.Array(Type.String()),
    kind: Nullable(AccountKind()),
    partitionId: Nullable(Type.String()),
    quotas: Nullable(AccountQuotas()),
    giftCents: Type.Integer(),
    createdAt: Type.Integer(),
    expiresAt: Nullable(Type.Integer()),
    space: SpaceStatus,
    notifications: Type.Array(NotificationView, { description: "the space's, the partition's and the account's own" }),
    restrictions: Type.Array(RestrictionView, { description: 'the restrictions in force, wherever they come from' }),
  }),
});

/** Changes the passphrase, given the current one: the client re-wraps the account key under the new one. */
export const changePassphrase = defineContract({
  name: 'account.changePassphrase',
  summary: 'Change the passphrase',
  input: Type.Object(
    {
      current: PhraseKeys('keys of the current passphrase'),
      next: Type.Object(
        { prefixId: Key32(), authKey: Key32(), wrappedAccountKey: Bytes(200, 'account key wrapped under the new wrap key') },
        { additionalProperties: false, description: 'keys of the new passphrase' },
      ),
    },
    { additionalProperties: false },
  ),
  output: Type.Object({ ok: Type.Boolean() }),
});

/** Deletes the member's account, given its passphrase, once it has no secondary avatar left. */
export const deleteAccount = defineContract({
  name: 'account.delete',
  summary: 'Delete this account',
  input: Type.Object({ passphrase: PhraseKeys('keys of the current passphrase') }, { additionalProperties: false }),
  output: Type.Object({ ok: Type.Boolean() }),
});

/** The member's open sessions, newest first. */
export const listAccountSessions = defineContract({
  name: 'account.sessions.list',
  summary: "List this account's open sessions",
  input: Type.Object({}, { additionalProperties: false }),
  output: Type.Object({ sessions: Type.Array(SessionView) }),
});

/** Ends one of the member's own sessions. */
export const revokeAccountSession = defineContract({
  name: 'account.sessions.revoke',
  summary: "End one of this account's sessions",
  input: Type.Object({ id: SessionId() }, { additionalProperties: false }),
  output: Type.Object({ ok: Type.Boolean() }),
});

/** How many months `account.consumption` lists when the input does not say. */
export const defaultConsumptionMonths = 12;

const QuotaFigure = Type.Object({ used: Type.Integer(), quota: Nullable(Type.Integer({ description: 'null: no quota of its own' })) });

/** The member's quotas and usage, and what the account consumed in each of the last months (site time zone). */
export const showConsumption = defineContract({
  name: 'account.consumption',
  summary: "Show this account's quotas, usage and monthly consumption",
  input: Type.Object(
    {
      months: Type.Optional(
        Count(24, { minimum: 1, default: defaultConsumptionMonths, description: 'how many months, the current one included' }),
      ),
    },
    { additionalProperties: false },
  ),
  output: Type.Object({
    documents: QuotaFigure,
    volumeBytes: QuotaFigure,
    months: Type.Array(
      Type.Object({
        month: Type.String({ description: 'YYYY-MM' }),
        reads: Type.Integer(),
        writes: Type.Integer(),
        uploadedBytes: Type.Integer(),
        downloadedBytes: Type.Integer(),
      }),
      { description: 'most recent first; months without consumption are left out' },
    ),
  }),
});

/** Public: creates the treasurer's account of a new space with its treasurer sponsorship, key material made by the client. */
export const createTreasurer = defineContract({
  name: 'account.createTreasurer',
  summary: 'Create the treasurer account of a new space',
  input: Type.Object(
    {
      orgCode: OrgCode(),
      sponsorship: PhraseKeys('keys of the sponsorship phrase'),
      account: Type.Object(
        {
          prefixId: Key32(),
          authKey: Key32(),
          wrappedAccountKey: Bytes(200, 'account key wrapped under the passphrase wrap key'),
          wrappedSpaceKey: Bytes(200, 'space key wrapped under the account key'),
        },
        { additionalProperties: false },
      ),
      avatar: AvatarKeys(),
    },
    { additionalProperties: false },
  ),
  output: Type.Object({ accountId: Type.String(), avatarId: Type.String(), avatarName: Type.String() }),
});
