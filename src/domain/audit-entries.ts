import { createHash } from 'node:crypto';
import { sql, type Selectable } from 'kysely';
import { lockRow, type Store, type Tx } from '../store/database.js';
import type { AuditEntriesTable } from '../store/schema.js';

export type NewAuditEntry = Omit<AuditEntriesTable, 'seq' | 'prev_hash' | 'hash'>;
export type AuditEntry = Selectable<AuditEntriesTable>;

/** The hash of an entry's own fields (all but its place in the chain). */
function contentHash(entry: NewAuditEntry): string {
  const fields = [
    entry.space_id,
    entry.at,
    entry.request_id,
    entry.actor,
    entry.role,
    entry.action,
    entry.target,
    entry.details,
    entry.address,
    entry.user_agent,
    entry.result,
    entry.error_code,
  ];
  return sha256Hex(JSON.stringify(fields));
}

const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * The hash of an entry: the previous hash, its sequence number and the hash of its fields. The
 * database computes the same with `ilot_sha256` when it appends (see `appendAuditEntry`).
 */
export function entryHash(entry: Omit<AuditEntry, 'hash'>): string {
  return sha256Hex(`${entry.prev_hash}:${entry.seq}:${contentHash(entry)}`);
}

/**
 * Appends an entry at the end of its space's chain: the previous entry is read and linked by the
 * insert itself. Appends to one chain take turns on the space's row first: left to the key (two
 * appends taking the same sequence number, the second retried), ten members of a space signing in
 * at once retried each other past the last attempt; taking turns on retries only was not enough,
 * as first attempts kept beating the retried ones. It costs a round trip. Append-only: only the retention task deletes,
 * from the start of a chain, leaving a checkpoint.
 */
export async function appendAuditEntry(tx: Tx, entry: NewAuditEntry): Promise<number> {
  const e = entry;
  await lockRow(tx, 'spaces', e.space_id);
  const { rows } = await sql<{ seq: number }>`
    insert into audit_entries (space_id, seq, at, request_id, actor, role, action, target, details, address, user_agent, result, error_code, prev_hash, hash)
    select ${e.space_id}, coalesce(last.seq, 0) + 1, ${e.at}, ${e.request_id}, ${e.actor}, ${e.role}, ${e.action}, ${e.target}, ${e.details}, ${e.address}, ${e.user_agent}, ${e.result}, ${e.error_code},
      coalesce(last.hash, ''), ilot_sha256(coalesce(last.hash, '') || ':' || cast(coalesce(last.seq, 0) + 1 as varchar(20)) || ':' || cast(${contentHash(e)} as varchar(64)))
    from (select 1 as one) as start
    left join (select seq, hash from audit_entries where space_id = ${e.space_id} order by seq desc limit 1) as last on 1 = 1
    returning seq`.execute(tx);
  return Number(rows[0]!.seq);
}

export interface ChainReport {
  spaceId: number;
  /** The first entry checked: 1, or the one after the checkpoint left by the retention task. */
  from: number;
  entries: number;
  /** The first entry whose hash or link does not match, if any. */
  brokenAt: number | null;
}

const batch = 1000;

/** Recomputes a space's chain from its first entry (or its checkpoint, once older entries were purged), in batches. */
export async function verifyAuditChain(store: Store, spaceId: number): Promise<ChainReport> {
  const checkpoint = await store.db
    .selectFrom('audit_checkpoints')
    .select(['seq', 'hash'])
    .where('space_id', '=', spaceId)
    .executeTakeFirst();
  let previous = checkpoint?.hash ?? '';
  let expectedSeq = (checkpoint?.seq ?? 0) + 1;
  const from = expectedSeq;
  let count = 0;
  for (;;) {
    const rows = await store.db
      .selectFrom('audit_entries')
      .selectAll()
      .where('space_id', '=', spaceId)
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(batch)
      .execute();
    for (const row of rows) {
      const { hash, ...rest } = row;
      if (row.seq !== expectedSeq || row.prev_hash !== previous || hash !== entryHash(rest))
        return { spaceId, from, entries: count, brokenAt: expectedSeq };
      previous = hash;
      expectedSeq++;
      count++;
    }
    if (rows.length < batch) return { spaceId, from, entries: count, brokenAt: null };
  }
}

/** Spaces that have audit entries. */
export async function auditedSpaces(store: Store): Promise<number[]> {
  return (await store.db.selectFrom('audit_entries').select('space_id').distinct().orderBy('space_id').execute()).map((r) => r.space_id);
}
