import { sql } from 'kysely';
import type { Tx } from './database.js';
import type { AuditEntriesTable } from './schema.js';

export type NewAuditEntry = Omit<AuditEntriesTable, 'seq'>;

/** Appends an entry at the end of its space's audit chain (append-only: nothing updates or deletes here). */
export async function appendAuditEntry(tx: Tx, entry: NewAuditEntry): Promise<number> {
  const last = await tx
    .selectFrom('audit_entries')
    .select(sql<number | null>`max(seq)`.as('seq'))
    .where('space_id', '=', entry.space_id)
    .executeTakeFirst();
  const seq = Number(last?.seq ?? 0) + 1;
  await tx.insertInto('audit_entries').values({ ...entry, seq }).execute();
  return seq;
}
