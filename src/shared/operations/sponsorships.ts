import { Type } from '@sinclair/typebox';
import { ScopedId } from '../ids.js';
import { MailLanguage } from '../mail.js';
import { Cents } from '../integers.js';
import { AccountKind, AccountQuotas, AvatarKeys, AvatarName, Bytes, Key32, Nullable, OrgCode, PhraseKeys } from '../protocol.js';
import { Quotas } from './spaces.js';
import { ChatItem } from './chats.js';
import { defineContract } from './contract.js';

/** What a sponsorship proposes, as both sides read it. */
export const Conditions = Type.Object({
  id: Type.String(),
  name: Type.String({ description: "the sponsored's primary avatar name" }),
  kind: AccountKind(),
  partitionId: Nullable(Type.String()),
  quotas: AccountQuotas(),
  delegate: Type.Boolean(),
  giftCents: Type.Integer(),
  noContact: Type.Boolean({ description: 'the sponsor declined the mutual contact' }),
  sealed: Type.String({ description: 'welcome word and sponsor card key, encrypted under the sponsorship key' }),
  createdAt: Type.Integer(),
  expiresAt: Type.Integer(),
});

/** What becomes of a sponsorship; `expired`: pending past its date. */
export const SponsorshipState = Type.Union([
  Type.Literal('pending'),
  Type.Literal('accepted'),
  Type.Literal('refused'),
  Type.Literal('cancelled'),
  Type.Literal('expired'),
]);

/** How the sponsored names a sponsorship: the org code and the keys of its phrase. */
const SponsorshipPhrase = { orgCode: OrgCode(), phrase: PhraseKeys('keys of the sponsorship phrase') };

/**
 * A member sponsors a future account: the phrase's keys (never the phrase), the conditions, and
 * what only the two sides can read, sealed under a sponsorship key wrapped for the phrase and for the sponsor.
 */
export const createSponsorship = defineContract({
  name: 'sponsorship.create',
  summary: 'Sponsor a new account',
  input: Type.Object(
    {
      sponsorAvatarId: ScopedId({ description: "the sponsor's avatar whose card the sponsored sees" }),
      phrase: PhraseKeys('keys of the sponsorship phrase'),
      name: AvatarName(),
      kind: AccountKind(),
      partitionId: Nullable(ScopedId({ description: 'partition of an O account; null for A' })),
      quotas: AccountQuotas(),
      delegate: Type.Boolean(),
      giftCents: Cents(100_000_00),
      noContact: Type.Boolean(),
      sealed: Bytes(8000, 'welcome word and sponsor card key, encrypted under the sponsorship key'),
      keyForPhrase: Bytes(200, 'sponsorship key wrapped under the phrase wrap key'),
      keyForSponsor: Bytes(200, "sponsorship key wrapped under the sponsor's account key"),
      invitation: Type.Optional(
        Type.Object(
          {
            address: Type.String({ minLength: 1, maxLength: 254, description: 'where to send it; not kept once sent' }),
            language: MailLanguage,
          },
          {
            additionalProperties: false,
            description: 'optional: a mail with the org code and the join page (never the phrase), sent after the creation',
          },
        ),
      ),
    },
    { additionalProperties: false },
  ),
  output: Type.Object({ id: Type.String(), expiresAt: Type.Integer() }),
});

/** The member's sponsorships, newest first, with their state and the sponsored's answer (encrypted). */
export const listSponsorships = defineContract({
  name: 'sponsorship.list',
  summary: "List this account's sponsorships",
  input: Type.Object({}, { additionalProperties: false }),
  output: Type.Object({
    sponsorships: Type.Array(
      Type.Composite([
        Conditions,
        Type.Object({
          state: SponsorshipState,
          sponsorAvatarId: Type.String(),
          keyForSponsor: Type.String(),
          answer: Nullable(Type.String()),
          answeredAt: Nullable(Type.Integer()),
        }),
      ]),
    ),
  }),
});

/** Keeps a pending sponsorship open 30 more days from now (an expired one opens again). */
export const extendSponsorship = defineContract({
  name: 'sponsorship.extend',
  summary: 'Extend a pending sponsorship by 30 days from now',
  input: Type.Object({ id: ScopedId() }, { additionalProperties: false }),
  output: Type.Object({ id: Type.String(), expiresAt: Type.Integer() }),
});

/** Cancels a pending sponsorship: its phrase no longer opens anything. */
export const cancelSponsorship = defineContract({
  name: 'sponsorship.cancel',
  summary: 'Cancel a pending sponsorship',
  input: Type.Object({ id: ScopedId() }, { additionalProperties: false }),
  output: Type.Object({ id: Type.String(), state: Type.Literal('cancelled') }),
});

/** Public: with the org code and the sponsorship phrase's keys, the sponsored reads the proposal and the sponsor's card. */
export const viewSponsorship = defineContract({
  name: 'sponsorship.view',
  summary: 'Read a sponsorship proposal',
  input: Type.Object(SponsorshipPhrase, { additionalProperties: false }),
  output: Type.Composite([
    Conditions,
    Type.Object({
      keyForPhrase: Type.String({ description: 'the sponsorship key wrapped under the phrase wrap key' }),
      sponsor: Type.Object({ avatarId: Type.String(), name: Type.String(), ecdhPublicKey: Type.String(), card: Nullable(Type.String()) }),
    }),
  ]),
});

/**
 * Public: accepts a sponsorship, creating the account, its primary avatar with the agreed name and,
 * unless either side declined, the mutual contact of sponsor and sponsored.
 */
export const acceptSponsorship = defineContract({
  name: 'sponsorship.accept',
  summary: 'Accept a sponsorship and create the account',
  input: Type.Object(
    {
      ...SponsorshipPhrase,
      account: Type.Object(
        { prefixId: Key32(), authKey: Key32(), wrappedAccountKey: Bytes(200, 'account key wrapped under the passphrase wrap key') },
        { additionalProperties: false },
      ),
      avatar: AvatarKeys(),
      contact: Nullable(
        Type.Object(
          {
            sponsorCardKeyForMe: Bytes(400, "the sponsor's card key wrapped for the new avatar's ECDH key"),
            myCardKeyForSponsor: Bytes(400, "the new avatar's card key wrapped for the sponsor avatar's ECDH key"),
            chat: Type.Optional(
              Type.Object(
                {
                  keyForMe: Bytes(400, "the chat key wrapped for the new avatar's ECDH key"),
                  keyForSponsor: Bytes(400, "the chat key wrapped for the sponsor avatar's ECDH key"),
                  words: Type.Array(ChatItem(), {
                    minItems: 1,
                    maxItems: 2,
                    description: "the sponsor's welcome word, then the sponsored's own word if any, under the chat key",
                  }),
                },
                { additionalProperties: false, description: 'the chat between sponsor and sponsored, opened with their words' },
              ),
            ),
          },
          { additionalProperties: false, description: 'null: the sponsored declines the mutual contact' },
        ),
      ),
    },
    { additionalProperties: false },
  ),
  output: Type.Object({ accountId: Type.String(), avatarId: Type.String(), avatarName: Type.String(), contact: Type.Boolean() }),
});

/** Public: refuses a sponsorship with a reason only the sponsor can read; the phrase is spent. */
export const refuseSponsorship = defineContract({
  name: 'sponsorship.refuse',
  summary: 'Refuse a sponsorship',
  input: Type.Object(
    { ...SponsorshipPhrase, answer: Bytes(4000, 'reason of a refusal, encrypted under the sponsorship key') },
    { additionalProperties: false },
  ),
  output: Type.Object({ state: Type.Literal('refused') }),
});

/** Public: with the org code and the sponsorship phrase's keys, the future treasurer reads the space's conditions. */
export const viewTreasurerSponsorship = defineContract({
  name: 'sponsorship.viewTreasurer',
  summary: 'Read the conditions of a new space with its treasurer sponsorship',
  input: Type.Object({ orgCode: OrgCode(), sponsorship: PhraseKeys('keys of the sponsorship phrase') }, { additionalProperties: false }),
  output: Type.Object({ orgCode: Type.String(), quotas: Quotas, notification: Nullable(Type.String()) }),
});
