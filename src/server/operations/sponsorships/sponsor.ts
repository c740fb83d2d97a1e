import { Type } from '@sinclair/typebox';
import { IlotError } from '../../../shared/errors.js';
import { ScopedId, newScopedId } from '../../../shared/ids.js';
import { AccountQuotas, AvatarName, Bytes, Nullable, PhraseKeys } from '../../../shared/protocol.js';
import { ownAvatar } from '../../../domain/accounts.js';
import type { Tx } from '../../../store/database.js';
import { claimPrefix, releasePrefix } from '../../../domain/phrases.js';
import { hashKey } from '../../../domain/secrets.js';
import { defineOperation } from '../../pipeline/operation.js';
import type { Member } from '../../pipeline/principal.js';
import { AccountKind, Conditions, conditionsOf, sponsorshipValidityMs, stateOf } from '../../../domain/sponsorships.js';

const invalid = (message: string) => new IlotError('VALIDATION_FAILED', message);

/**
 * A member sponsors a future account: the client sends the phrase's keys (never the phrase), the
 * conditions, and what only the two sides can read (welcome word and sponsor's card key, sealed
 * under a sponsorship key that is wrapped for the phrase and for the sponsor). Who may sponsor what
 * is decided by the permission seam from the kind, partition and delegate flag asked for.
 */
export const createSponsorship = defineOperation({
  name: 'sponsorship.create',
  summary: 'Sponsor a new account',
  access: {
    plane: 'member',
    requires: (input) => [
      { permission: `sponsor.${input.kind}`, partitionId: input.partitionId },
      ...(input.delegate ? [{ permission: 'sponsor.delegate', partitionId: input.partitionId }] : []),
    ],
  },
  effect: 'write',
  audit: true,
  input: Type.Object(
    {
      sponsorAvatarId: ScopedId({ description: "the sponsor's avatar whose card the sponsored sees" }),
      phrase: PhraseKeys('keys of the sponsorship phrase'),
      name: AvatarName(),
      kind: AccountKind(),
      partitionId: Nullable(ScopedId({ description: 'partition of an O account; null for A' })),
      quotas: AccountQuotas(),
      delegate: Type.Boolean(),
      giftCents: Type.Integer({ minimum: 0, maximum: 100_000_00 }),
      noContact: Type.Boolean(),
      sealed: Bytes(8000, 'welcome word and sponsor card key, encrypted under the sponsorship key'),
      keyForPhrase: Bytes(200, 'sponsorship key wrapped under the phrase wrap key'),
      keyForSponsor: Bytes(200, "sponsorship key wrapped under the sponsor's account key"),
    },
    { additionalProperties: false },
  ),
  output: Type.Object({ id: Type.String(), expiresAt: Type.Integer() }),
  async run(input, { tx, member, space, spaceId, now, describe }) {
    if (input.kind === 'O' && input.partitionId === null) throw invalid('An O account belongs to a partition: name it.');
    if (input.kind === 'A' && (input.partitionId !== null || input.delegate)) throw invalid('An A account has no partition and cannot be a delegate.');
    if (input.kind === 'O' && input.giftCents > 0) throw invalid('Gifts go to A accounts only.');
    if (input.kind === 'A' && !space!.accepts_a_accounts) throw new IlotError('A_ACCOUNTS_NOT_ACCEPTED');
    if (input.partitionId !== null) {
      const partition = await tx.selectFrom('partitions').select('id').where('space_id', '=', spaceId!).where('id', '=', input.partitionId).executeTakeFirst();
      if (!partition) throw new IlotError('PARTITION_NOT_FOUND');
    }
    await ownAvatar(tx, member, input.sponsorAvatarId);
    const id = newScopedId(spaceId!, 'sponsorship');
    await claimPrefix(tx, spaceId!, input.phrase.prefixId, 'sponsorship', id);
    const expiresAt = now + sponsorshipValidityMs;
    await tx
      .insertInto('sponsorships')
      .values({
        space_id: spaceId!,
        id,
        prefix_id: input.phrase.prefixId,
        auth_hash: hashKey(input.phrase.authKey),
        sponsor: member.accountId,
        role: 'member',
        created_at: now,
        used_at: null,
        sponsor_avatar: input.sponsorAvatarId,
        state: 'pending',
        expires_at: expiresAt,
        name: input.name,
        kind: input.kind,
        partition_id: input.partitionId,
        quota_documents: input.quotas.documents,
        quota_volume_bytes: input.quotas.volumeBytes,
        delegate: input.delegate ? 1 : 0,
        gift_cents: input.giftCents,
        no_contact: input.noContact ? 1 : 0,
        sealed: input.sealed,
        key_for_phrase: input.keyForPhrase,
        key_for_sponsor: input.keyForSponsor,
        answer: null,
        answered_at: null,
        account_id: null,
      })
      .execute();
    describe(id, { kind: input.kind, partitionId: input.partitionId, delegate: input.delegate, quotas: input.quotas });
    return { id, expiresAt };
  },
});

/** A sponsorship of the member's own account; SPONSORSHIP_NOT_FOUND otherwise. */
async function ownSponsorship(tx: Tx, member: Member, id: string) {
  const row = await tx.selectFrom('sponsorships').selectAll().where('space_id', '=', member.spaceId).where('id', '=', id).executeTakeFirst();
  if (!row || row.sponsor !== member.accountId) throw new IlotError('SPONSORSHIP_NOT_FOUND');
  return row;
}

/** The member's sponsorships, newest first, with their state and the sponsored's answer (encrypted). */
export const listSponsorships = defineOperation({
  name: 'sponsorship.list',
  summary: "List this account's sponsorships",
  access: { plane: 'member' },
  effect: 'read',
  input: Type.Object({}, { additionalProperties: false }),
  output: Type.Object({
    sponsorships: Type.Array(
      Type.Composite([
        Conditions,
        Type.Object({
          state: Type.Union(['pending', 'accepted', 'refused', 'cancelled', 'expired'].map((s) => Type.Literal(s))),
          sponsorAvatarId: Type.String(),
          keyForSponsor: Type.String(),
          answer: Nullable(Type.String()),
          answeredAt: Nullable(Type.Integer()),
        }),
      ]),
    ),
  }),
  async run(_input, { tx, member, now }) {
    const rows = await tx.selectFrom('sponsorships').selectAll().where('space_id', '=', member.spaceId).where('sponsor', '=', member.accountId).orderBy('created_at', 'desc').execute();
    return {
      sponsorships: rows.map((row) => ({
        ...conditionsOf(row),
        state: stateOf(row, now),
        sponsorAvatarId: row.sponsor_avatar!,
        keyForSponsor: row.key_for_sponsor!,
        answer: row.answer,
        answeredAt: row.answered_at,
      })),
    };
  },
});

/** Keeps a pending sponsorship open 30 more days from now (an expired one opens again). */
export const extendSponsorship = defineOperation({
  name: 'sponsorship.extend',
  summary: 'Extend a pending sponsorship by 30 days from now',
  access: { plane: 'member' },
  effect: 'write',
  input: Type.Object({ id: ScopedId() }, { additionalProperties: false }),
  output: Type.Object({ id: Type.String(), expiresAt: Type.Integer() }),
  async run(input, { tx, member, now }) {
    const row = await ownSponsorship(tx, member, input.id);
    if (row.state !== 'pending') throw new IlotError('SPONSORSHIP_NOT_PENDING');
    const expiresAt = now + sponsorshipValidityMs;
    await tx.updateTable('sponsorships').set({ expires_at: expiresAt }).where('space_id', '=', row.space_id).where('id', '=', row.id).execute();
    return { id: row.id, expiresAt };
  },
});

/** Cancels a pending sponsorship: its phrase no longer opens anything and its prefix is free again. */
export const cancelSponsorship = defineOperation({
  name: 'sponsorship.cancel',
  summary: 'Cancel a pending sponsorship',
  access: { plane: 'member' },
  effect: 'write',
  audit: true,
  input: Type.Object({ id: ScopedId() }, { additionalProperties: false }),
  output: Type.Object({ id: Type.String(), state: Type.Literal('cancelled') }),
  async run(input, { tx, member, describe }) {
    describe(input.id);
    const row = await ownSponsorship(tx, member, input.id);
    if (row.state !== 'pending') throw new IlotError('SPONSORSHIP_NOT_PENDING');
    await tx.updateTable('sponsorships').set({ state: 'cancelled' }).where('space_id', '=', row.space_id).where('id', '=', row.id).execute();
    await releasePrefix(tx, row.space_id, row.prefix_id);
    return { id: row.id, state: 'cancelled' as const };
  },
});
