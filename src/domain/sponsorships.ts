import { Type, type Static } from '@sinclair/typebox';
import type { Selectable } from 'kysely';
import { AccountQuotas, Bytes, Nullable } from '../shared/protocol.js';
import type { SponsorshipsTable } from '../store/schema.js';
import type { Tx } from '../store/database.js';
import { IlotError } from '../shared/errors.js';
import { keyMatches } from './secrets.js';

/** How long a sponsorship stays open, from its creation or its last extension. */
export const sponsorshipValidityMs = 30 * 24 * 3600 * 1000;

export const AccountKind = () => Type.Union([Type.Literal('O'), Type.Literal('A')]);

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

export const SponsorshipAnswer = () => Bytes(4000, 'reason of a refusal, encrypted under the sponsorship key');

type Row = Selectable<SponsorshipsTable>;

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
export function stateOf(row: Row, now: number): 'pending' | 'accepted' | 'refused' | 'cancelled' | 'expired' {
  const state = row.state ?? 'pending';
  return state === 'pending' && (row.expires_at ?? Infinity) <= now ? 'expired' : state;
}

/**
 * The sponsorship of `role` that a phrase's keys open, while `isOpen` says it still is;
 * SPONSORSHIP_INVALID otherwise, whatever the reason (unknown space, phrase, key, or spent).
 */
export async function sponsorshipOpenedBy(tx: Tx, spaceId: number | null, keys: { prefixId: string; authKey: string }, role: 'treasurer' | 'member', isOpen: (row: Row) => boolean): Promise<Row> {
  const row = spaceId
    ? await tx.selectFrom('sponsorships').selectAll().where('space_id', '=', spaceId).where('prefix_id', '=', keys.prefixId).where('role', '=', role).executeTakeFirst()
    : undefined;
  if (!keyMatches(keys.authKey, row?.auth_hash) || !row || !isOpen(row)) throw new IlotError('SPONSORSHIP_INVALID');
  return row;
}
