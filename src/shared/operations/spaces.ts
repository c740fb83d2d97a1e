import { Type } from '@sinclair/typebox';
import { ByteSize, Cents, Count, Timestamp } from '../integers.js';
import { lifetimeChoices } from '../limits.js';
import { Nullable, OrgCode, PhraseKeys } from '../protocol.js';
import { defineContract } from './contract.js';

// Contracts of the spaces operations (see contract.ts): operators open and govern spaces; a
// space's treasurer sets its options; members list its partitions.

/** What an operator agreed with an organization for its space. */
export const Quotas = Type.Object(
  {
    documents: Count(1e9, { description: 'documents (notes, chats, group participations)' }),
    volumeBytes: ByteSize({ description: 'file volume' }),
    monthlyCents: Cents(1e9, { description: 'monthly consumption, in cents' }),
    maxAccounts: Count(1e6, { minimum: 1 }),
  },
  { additionalProperties: false },
);

/** A space as operators see it: state, quotas, usage and what its accounts are told. */
export const SpaceView = Type.Object({
  orgCode: Type.String(),
  number: Type.Integer(),
  state: Type.Union([Type.Literal('open'), Type.Literal('read-only'), Type.Literal('frozen'), Type.Literal('closed')]),
  readOnly: Type.Boolean(),
  frozen: Type.Boolean(),
  createdAt: Type.Integer(),
  quotas: Quotas,
  usage: Type.Object({
    accounts: Type.Integer(),
    documents: Type.Integer({ description: 'notes of the whole space (no account figure is read: those are masked)' }),
    volumeBytes: Type.Integer({ description: 'bytes of its files, uploads under way included' }),
  }),
  notification: Nullable(Type.String()),
  signinBanAt: Nullable(Type.Integer()),
  closedAt: Nullable(Type.Integer()),
  closingMessage: Nullable(Type.String()),
  newAddress: Nullable(Type.String()),
});

/** The options a treasurer sets for the space. */
export const SpaceOptions = Type.Object({
  acceptsAAccounts: Type.Boolean({ description: 'A accounts may be sponsored (withdrawing it affects only future sponsorships)' }),
  switchToANeedsConsent: Type.Boolean({ description: "switching an O account to A needs the account's consent" }),
  lifetimeMonths: Type.Union(
    lifetimeChoices.map((n) => Type.Literal(n)),
    { description: 'a sign-in extends an account to the end of the month this many months later' },
  ),
});

export const openSpace = defineContract({
  name: 'space.open',
  summary: 'Open a space',
  input: Type.Object(
    {
      orgCode: OrgCode(),
      quotas: Quotas,
      sponsorship: PhraseKeys('keys of the treasurer sponsorship phrase'),
    },
    { additionalProperties: false },
  ),
  output: Type.Object({ orgCode: Type.String(), number: Type.Integer() }),
});

export const listSpaces = defineContract({
  name: 'space.list',
  summary: 'List the spaces of the site',
  input: Type.Object({}, { additionalProperties: false }),
  output: Type.Object({ spaces: Type.Array(SpaceView) }),
});

export const showSpace = defineContract({
  name: 'space.show',
  summary: 'Show a space',
  input: Type.Object({ orgCode: OrgCode() }, { additionalProperties: false }),
  output: SpaceView,
});

// An operator's changes to the space an org code names, each answered with the space as it now is.

export const setQuotas = defineContract({
  name: 'space.setQuotas',
  summary: 'Change the agreed quotas of a space',
  input: Type.Object({ orgCode: OrgCode(), quotas: Quotas }, { additionalProperties: false }),
  output: SpaceView,
});

export const setNotification = defineContract({
  name: 'space.setNotification',
  summary: 'Post (text) or clear (null) the notification every account of a space sees',
  input: Type.Object(
    { orgCode: OrgCode(), text: Nullable(Type.String({ minLength: 1, maxLength: 2000 })) },
    { additionalProperties: false },
  ),
  output: SpaceView,
});

export const setSigninBan = defineContract({
  name: 'space.setSigninBan',
  summary: 'Forbid every sign-in from a date (milliseconds since 1970), or lift it (null)',
  input: Type.Object({ orgCode: OrgCode(), from: Nullable(Timestamp()) }, { additionalProperties: false }),
  output: SpaceView,
});

export const setReadOnly = defineContract({
  name: 'space.setReadOnly',
  summary: 'Set or lift read-only: data can be consulted, not changed',
  input: Type.Object({ orgCode: OrgCode(), readOnly: Type.Boolean() }, { additionalProperties: false }),
  output: SpaceView,
});

export const setFrozen = defineContract({
  name: 'space.setFrozen',
  summary: 'Freeze or unfreeze: nothing can be written, sign-ins no longer extend lifetimes',
  input: Type.Object({ orgCode: OrgCode(), frozen: Type.Boolean() }, { additionalProperties: false }),
  output: SpaceView,
});

export const closeSpace = defineContract({
  name: 'space.close',
  summary: 'Close a space: its data is purged by a task; only the message remains',
  input: Type.Object(
    {
      orgCode: OrgCode(),
      message: Type.String({ minLength: 1, maxLength: 2000 }),
      newAddress: Type.Optional(Type.String({ pattern: '^https?://\\S{1,290}$' })),
    },
    { additionalProperties: false },
  ),
  output: SpaceView,
});

export const setSpaceOptions = defineContract({
  name: 'space.setOptions',
  summary: "Set the space's options (A accounts accepted, consent to switch O→A, account lifetime)",
  input: Type.Partial(SpaceOptions, { additionalProperties: false }),
  output: SpaceOptions,
});

export const listPartitions = defineContract({
  name: 'partition.list',
  summary: 'List the partitions of the space',
  input: Type.Object({}, { additionalProperties: false }),
  output: Type.Object({ partitions: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })) }),
});

/**
 * Public: the org code and Argon2id cost a space's members derive their keys with, asked before
 * deriving. They are the space's own org code and the site's cost, except for a space moved here
 * from another site under another org code or cost (see domain/key-derivation.ts). An org code
 * that names no space gets the same answer as an unmoved space would: no space is revealed.
 */
export const keyDerivation = defineContract({
  name: 'space.keyDerivation',
  summary: 'The org code and key-derivation cost members of a space derive their keys with',
  input: Type.Object({ orgCode: OrgCode() }, { additionalProperties: false }),
  output: Type.Object({
    orgCode: Type.String(),
    argon2: Type.Object({ memoryKib: Type.Integer(), iterations: Type.Integer(), parallelism: Type.Integer() }),
  }),
});
