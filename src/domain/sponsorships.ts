import type { Static } from '@sinclair/typebox';
import type { Selectable } from 'kysely';
import { IlotError, type ErrorCode } from '../shared/errors.js';
import type { Conditions, SponsorshipState } from '../shared/operations/sponsorships.js';
import type { Tx } from '../store/database.js';
import type { SponsorshipsTable } from '../store/schema.js';
import { keyMatches } from './secrets.js';

/** How long a sponsorship stays open, from its creation or its last extension. */
export const sponsorshipValidityMs = 30 * 24 * 3600 * 1000;

type Row = Selectable<SponsorshipsTable>;
type PhraseKeys = { prefixId: string; authKey: string };

export function conditionsOf(row: Row): Static<typeof Conditions> {
  return {
    id: row.id,
    name: row.name!,
    kind: row.kind!,
    partitionId: row.partition_id,
    quotas: { documents: row.quota_documents ?? 0, volumeBytes: row.quota_volume_bytes ?? 0 },
    delegate: row.delegate === 1,
    giftCents: row.gift_cents ?? 0,
    noContact: row.no_contact === 1,
    sealed: row.sealed!,
    createdAt: row.created_at,
    expiresAt: row.expires_at!,
  };
}

/** pending, accepted, refused, cancelled, or expired (pending past its date). */
export function stateOf(row: Row, now: number): Static<typeof SponsorshipState> {
  const state = row.state ?? 'pending';
  return state === 'pending' && (row.expires_at ?? Infinity) <= now ? 'expired' : state;
}

/** A sponsorship by id, with the account that handles it (its sponsor) for the policy. */
export async function findSponsorship(tx: Tx, spaceId: number, id: string): Promise<(Row & { accountId: string | null }) | undefined> {
  const row = await tx.selectFrom('sponsorships').selectAll().where('space_id', '=', spaceId).where('id', '=', id).executeTakeFirst();
  return row && { ...row, accountId: row.sponsor };
}

/**
 * The sponsorship of `role` that a phrase's keys open, while `isOpen` says it still is;
 * SPONSORSHIP_INVALID otherwise, whatever the reason (unknown space, phrase, key, or spent).
 */
async function sponsorshipOpenedBy(
  tx: Tx,
  spaceId: number | null,
  keys: PhraseKeys,
  role: 'treasurer' | 'member',
  isOpen: (row: Row) => boolean,
): Promise<Row> {
  const row = spaceId
    ? await tx
        .selectFrom('sponsorships')
        .selectAll()
        .where('space_id', '=', spaceId)
        .where('prefix_id', '=', keys.prefixId)
        .where('role', '=', role)
        .executeTakeFirst()
    : undefined;
  if (!keyMatches(keys.authKey, row?.auth_hash) || !row || !isOpen(row)) throw new IlotError('SPONSORSHIP_INVALID');
  return row;
}

/** The unused treasurer sponsorship a phrase's keys open, or SPONSORSHIP_INVALID (whatever the reason). */
export const treasurerSponsorship = (tx: Tx, spaceId: number | null, keys: PhraseKeys) =>
  sponsorshipOpenedBy(tx, spaceId, keys, 'treasurer', (row) => row.used_at === null);

/** The open (pending, unexpired) member sponsorship a phrase's keys open; SPONSORSHIP_INVALID otherwise. */
export const openSponsorship = (tx: Tx, spaceId: number | null, keys: PhraseKeys, now: number) =>
  sponsorshipOpenedBy(tx, spaceId, keys, 'member', (row) => stateOf(row, now) === 'pending');

/**
 * Settles a pending sponsorship once (accepted, refused, or cancelled by its sponsor): of concurrent
 * settlements, the first changes it and the others change nothing and are refused with `refusal`.
 */
export async function settle(
  tx: Tx,
  row: { space_id: number; id: string },
  changes:
    { state: 'accepted' | 'refused'; answer: string | null; answered_at: number; account_id: string | null } | { state: 'cancelled' },
  refusal: ErrorCode = 'SPONSORSHIP_INVALID',
): Promise<void> {
  const result = await tx
    .updateTable('sponsorships')
    .set(changes)
    .where('space_id', '=', row.space_id)
    .where('id', '=', row.id)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new IlotError(refusal);
}
