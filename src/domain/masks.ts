import { createHmac } from 'node:crypto';
import { sql } from 'kysely';
import type { Tx } from '../store/database.js';

// An account's figures that add up what its avatars hold or do (usage, consumption) are kept
// masked: each is the true figure plus a mask drawn from an HMAC, under the account's usage key, of
// the day the mask was set. Only the account's client derives the key (from its account key); its
// sessions present it and the server keeps it sealed in the session's state. A copy of the database
// thus cannot add up the sizes or counts of avatars to find an account's figures, and two copies a
// day or more apart cannot subtract one from the other: the first change of each day moves a row
// to the day's mask. Adding needs no key; reading the true figure does.

/** What a mask is drawn for: one per figure, so that no two figures of a row share one. */
export type Measure = 'documents' | 'volume' | 'reads' | 'writes' | 'uploaded' | 'downloaded';

const dayMs = 86_400_000;
/** The day (UTC, counted from 1970) whose mask a row should wear at instant `now`; 0 means "not masked". */
export const dayOf = (now: number) => Math.floor(now / dayMs);

/**
 * The mask of a figure for a day (0 for day 0). Documents are an `integer` column (32 bits on
 * PostgreSQL), so their mask stays under 2^30; the others are `bigint`, and with a mask under 2^48
 * they stay exact in JavaScript numbers.
 */
export function maskOf(usageKey: string, measure: Measure, day: number): number {
  if (day === 0) return 0;
  const label = `ilot/v1/usage-mask/${measure}/${day}`;
  const known = computed.get(usageKey + label);
  if (known !== undefined) return known;
  const mac = createHmac('sha256', Buffer.from(usageKey, 'base64url')).update(label).digest();
  const mask = measure === 'documents' ? mac.readUInt32BE(0) & 0x3fffffff : mac.readUIntBE(0, 6);
  // Every write of an account needs the same two masks all day: an HMAC each would cost the
  // write path a few percent. Kept in memory only, as the session's state that holds the key.
  if (computed.size >= maxComputed) computed.clear();
  computed.set(usageKey + label, mask);
  return mask;
}

const computed = new Map<string, number>();
const maxComputed = 20_000;

/** The true figure of a stored one masked on `day`. */
export const unmasked = (stored: number | string | null | undefined, usageKey: string, measure: Measure, day: number) =>
  Number(stored ?? 0) - maskOf(usageKey, measure, day);

/**
 * Moves a row from the mask of day `from` to that of day `to`, unless another session moved it
 * first (its row then wears a mask of the day too). `columns` names each masked column's measure.
 */
export async function remask(
  tx: Tx,
  table: 'account_usage' | 'account_consumption',
  where: Record<string, string | number>,
  columns: Record<string, Measure>,
  usageKey: string,
  from: number,
  to: number,
): Promise<void> {
  const moves = Object.entries(columns).map(
    ([column, measure]) =>
      sql`${sql.ref(column)} = ${sql.ref(column)} + ${maskOf(usageKey, measure, to) - maskOf(usageKey, measure, from)}`,
  );
  const conditions = Object.entries(where).map(([column, value]) => sql`${sql.ref(column)} = ${value}`);
  await sql`update ${sql.table(table)} set ${sql.join(moves)}, mask_day = ${to}
    where ${sql.join(conditions, sql` and `)} and mask_day = ${from}`.execute(tx);
}
