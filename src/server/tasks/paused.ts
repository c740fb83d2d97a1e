import type { Tx } from '../../store/database.js';
import { siteSpaceId } from '../../store/schema.js';

const key = 'tasks.paused';

/** Kinds an operator has paused: their tasks stay queued and are not taken. */
export async function pausedKinds(tx: Tx): Promise<string[]> {
  const row = await tx.selectFrom('site_settings').select('value').where('space_id', '=', siteSpaceId).where('key', '=', key).executeTakeFirst();
  return row ? (JSON.parse(row.value) as string[]) : [];
}

export async function setPausedKinds(tx: Tx, kinds: string[]): Promise<void> {
  const value = JSON.stringify([...new Set(kinds)].sort());
  await tx
    .insertInto('site_settings')
    .values({ space_id: siteSpaceId, key, value })
    .onConflict((c) => c.columns(['space_id', 'key']).doUpdateSet({ value }))
    .execute();
}
