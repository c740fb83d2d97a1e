import { createHash } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Store, Tx } from './database.js';
import type { AuditEntriesTable } from './schema.js';

export type NewAuditEntry = Omit<AuditEntriesTable, 'seq' | 'prev_hash' | 'hash'>;
export type AuditEntry = Selectable<AuditEntriesTable>;

/** The hash of an entry: its fields in a fixed order, then the previous hash. */
export function entryHash(entry: Omit<AuditEntry, 'hash'>): string {
  const fields = [
    entry.space_id,
    entry.seq,
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
    entry.prev_hash,
  ];
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}

/** Appends an entry at the end of its space's chain (append-only: nothing here updates or deletes). */
export async function appendAuditEntry(tx: Tx, entry: NewAuditEntry): Promise<number> {
  const last = await tx.selectFrom('audit_entries').select(['seq', 'hash']).where('space_id', '=', entry.space_id).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  const chained = { ...entry, seq: Number(last?.seq ?? 0) + 1, prev_hash: last?.hash ?? '' };
  await tx.insertInto('audit_entries').values({ ...chained, hash: entryHash(chained) }).execute();
  return chained.seq;
}

export interface ChainReport {
  spaceId: number;
  entries: number;
  /** The first entry whose hash or link does not match, if any. */
  brokenAt: number | null;
}

const batch = 1000;

/** Recomputes a space's chain from its first entry, in batches. */
export async function verifyAuditChain(store: Store, spaceId: number): Promise<ChainReport> {
  let previous = '';
  let expectedSeq = 1;
  let count = 0;
  for (;;) {
    const rows = await store.db.selectFrom('audit_entries').selectAll().where('space_id', '=', spaceId).where('seq', '>=', expectedSeq).orderBy('seq').limit(batch).execute();
    for (const row of rows) {
      const { hash, ...rest } = row;
      if (row.seq !== expectedSeq || row.prev_hash !== previous || hash !== entryHash(rest)) return { spaceId, entries: count, brokenAt: expectedSeq };
      previous = hash;
      expectedSeq++;
      count++;
    }
    if (rows.length < batch) return { spaceId, entries: count, brokenAt: null };
  }
}

/** Spaces that have audit entries. */
export async function auditedSpaces(store: Store): Promise<number[]> {
  return (await store.db.selectFrom('audit_entries').select('space_id').distinct().orderBy('space_id').execute()).map((r) => r.space_id);
}
