import { sql } from 'kysely';
import type { Tx } from '../store/database.js';

/**
 * The next version of a subtree, taken in the caller's transaction: concurrent writers of one
 * subtree take turns on its row, so versions are never shared by two operations.
 */
export async function nextVersion(tx: Tx, spaceId: number, subtree: string): Promise<number> {
  const { rows } = await sql<{ version: number }>`
    insert into subtree_versions (space_id, subtree, version) values (${spaceId}, ${subtree}, 1)
    on conflict (space_id, subtree) do update set version = subtree_versions.version + 1
    returning version`.execute(tx);
  return Number(rows[0]!.version);
}
