import { Type } from '@sinclair/typebox';
import { IlotError } from '../../../shared/errors.js';
import { newScopedId } from '../../../shared/ids.js';
import { AvatarKeys, Bytes, Key32, Nullable, OrgCode, PhraseKeys } from '../../../shared/protocol.js';
import { insertAccount, insertAvatar, insertContactPair } from '../../../domain/accounts.js';
import { lockRow, type Tx } from '../../../store/database.js';
import { claimPrefix, releasePrefix } from '../../../domain/phrases.js';
import { hashKey } from '../../../domain/secrets.js';
import { defineOperation } from '../../pipeline/operation.js';
import { lifetimeEnd } from '../../../domain/lifetime.js';
import { Conditions, SponsorshipAnswer, conditionsOf, sponsorshipOpenedBy, stateOf } from '../../../domain/sponsorships.js';

/** The open (pending, unexpired) member sponsorship a phrase's keys open; SPONSORSHIP_INVALID otherwise. */
const openSponsorship = (tx: Tx, spaceId: number | null, keys: { prefixId: string; authKey: string }, now: number) =>
  sponsorshipOpenedBy(tx, spaceId, keys, 'member', (row) => stateOf(row, now) === 'pending');

/** Settles a pending sponsorship once: of two concurrent answers, the second changes nothing and is refused. */
async function settle(tx: Tx, row: { space_id: number; id: string }, changes: { state: 'accepted' | 'refused'; answer: string | null; answered_at: number; account_id: string | null }) {
  const result = await tx.updateTable('sponsorships').set(changes).where('space_id', '=', row.space_id).where('id', '=', row.id).where('state', '=', 'pending').executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new IlotError('SPONSORSHIP_INVALID');
}

const SponsorshipPhrase = { orgCode: OrgCode(), phrase: PhraseKeys('keys of the sponsorship phrase') };

/** Public: with the org code and the sponsorship phrase's keys, the sponsored reads the proposal and the sponsor's card. */
export const viewSponsorship = defineOperation({
  name: 'sponsorship.view',
  summary: 'Read a sponsorship proposal',
  access: { plane: 'public' },
  effect: 'read',
  targetsSpace: true,
  checksCredentials: true,
  input: Type.Object(SponsorshipPhrase, { additionalProperties: false }),
  output: Type.Composite([
    Conditions,
    Type.Object({
      keyForPhrase: Type.String({ description: 'the sponsorship key wrapped under the phrase wrap key' }),
      sponsor: Type.Object({ avatarId: Type.String(), name: Type.String(), ecdhPublicKey: Type.String(), card: Nullable(Type.String()) }),
    }),
  ]),
  async run(input, { tx, spaceId, now }) {
    const row = await openSponsorship(tx, spaceId, input.phrase, now);
    const sponsor = await tx.selectFrom('avatars').select(['id', 'name', 'ecdh_public_key', 'card']).where('space_id', '=', row.space_id).where('id', '=', row.sponsor_avatar!).executeTakeFirst();
    // The sponsor's avatar was deleted meanwhile: the proposal has lost its sponsor.
    if (!sponsor) throw new IlotError('SPONSORSHIP_INVALID');
    return { ...conditionsOf(row), keyForPhrase: row.key_for_phrase!, sponsor: { avatarId: sponsor.id, name: sponsor.name, ecdhPublicKey: sponsor.ecdh_public_key, card: sponsor.card } };
  },
});

/**
 * Public: accepts a sponsorship, creating in one operation the account (its key wrapped under the
 * new passphrase), its primary avatar with the agreed name, and — unless either side declined — the
 * mutual contact of sponsor and sponsored, each holding the other's card key wrapped for itself.
 */
export const acceptSponsorship = defineOperation({
  name: 'sponsorship.accept',
  summary: 'Accept a sponsorship and create the account',
  access: { plane: 'public' },
  effect: 'growth',
  audit: true,
  targetsSpace: true,
  checksCredentials: true,
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
          },
          { additionalProperties: false, description: 'null: the sponsored declines the mutual contact' },
        ),
      ),
    },
    { additionalProperties: false },
  ),
  output: Type.Object({ accountId: Type.String(), avatarId: Type.String(), avatarName: Type.String(), contact: Type.Boolean() }),
  async run(input, { tx, spaceId, space, now, describe }) {
    const row = await openSponsorship(tx, spaceId, input.phrase, now);
    const spaceNumber = row.space_id;
    const accountId = newScopedId(spaceNumber, 'account');
    describe(row.id, { kind: row.kind, partitionId: row.partition_id });
    await settle(tx, row, { state: 'accepted', answer: null, answered_at: now, account_id: accountId });
    // Acceptances take turns on the space row, so that two cannot both pass the account count.
    await lockRow(tx, 'spaces', spaceNumber);
    const { n } = await tx.selectFrom('accounts').select((eb) => eb.fn.countAll<number>().as('n')).where('space_id', '=', spaceNumber).executeTakeFirstOrThrow();
    if (space!.max_accounts !== null && Number(n) >= space!.max_accounts) throw new IlotError('MAX_ACCOUNTS_REACHED');
    await claimPrefix(tx, spaceNumber, input.account.prefixId, 'passphrase', accountId);
    await insertAccount(tx, {
      space_id: spaceNumber,
      id: accountId,
      prefix_id: input.account.prefixId,
      auth_hash: hashKey(input.account.authKey),
      roles: row.delegate ? 'delegate' : '',
      wrapped_account_key: input.account.wrappedAccountKey,
      wrapped_space_key: null,
      created_at: now,
      expires_at: lifetimeEnd(now, space!.lifetime_months),
      kind: row.kind,
      partition_id: row.partition_id,
      quota_documents: row.quota_documents,
      quota_volume_bytes: row.quota_volume_bytes,
      gift_cents: row.gift_cents,
    });
    const avatarId = await insertAvatar(tx, spaceNumber, accountId, row.name!, input.avatar, true, now);
    const contact = input.contact !== null && row.no_contact !== 1;
    if (contact) {
      const sponsorAvatar = await tx.selectFrom('avatars').select('id').where('space_id', '=', spaceNumber).where('id', '=', row.sponsor_avatar!).executeTakeFirst();
      if (!sponsorAvatar) throw new IlotError('SPONSORSHIP_INVALID');
      // The chat between them (with their two words) joins here when chats exist.
      await insertContactPair(tx, spaceNumber, { a: avatarId, b: sponsorAvatar.id, cardKeyOfBForA: input.contact!.sponsorCardKeyForMe, cardKeyOfAForB: input.contact!.myCardKeyForSponsor }, 'sponsorship', now);
    }
    return { accountId, avatarId, avatarName: row.name!, contact };
  },
});

/** Public: refuses a sponsorship with a reason only the sponsor can read; the phrase is spent. */
export const refuseSponsorship = defineOperation({
  name: 'sponsorship.refuse',
  summary: 'Refuse a sponsorship',
  access: { plane: 'public' },
  effect: 'write',
  targetsSpace: true,
  checksCredentials: true,
  input: Type.Object({ ...SponsorshipPhrase, answer: SponsorshipAnswer() }, { additionalProperties: false }),
  output: Type.Object({ state: Type.Literal('refused') }),
  async run(input, { tx, spaceId, now }) {
    const row = await openSponsorship(tx, spaceId, input.phrase, now);
    await settle(tx, row, { state: 'refused', answer: input.answer, answered_at: now, account_id: null });
    await releasePrefix(tx, row.space_id, row.prefix_id);
    return { state: 'refused' as const };
  },
});
