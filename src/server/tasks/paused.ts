import type { Kysely } from 'kysely';
import { IlotError } from '../../shared/errors.js';
import type { Tx } from '../../store/database.js';
import { siteSpaceId, type Database } from '../../store/schema.js';
import { taskKinds } from './kinds/index.js';

const key = 'tasks.paused';

/** Kinds an operator has paused: their tasks stay queued and are not taken. */
export async function pausedKinds(tx: Kysely<Database>): Promise<string[]> {
  const row = await tx
    .selectFrom('site_settings')
    .select('value')
    .where('space_id', '=', siteSpaceId)
    .where('key', '=', key)
    .executeTakeFirst();
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

/** Pauses or resumes a kind the engine knows (TASK_KIND_UNKNOWN otherwise); returns the kinds now paused. */
export async function setKindPaused(tx: Tx, kind: string, paused: boolean): Promise<string[]> {
  if (!taskKinds.some((k) => k.kind === kind)) throw new IlotError('TASK_KIND_UNKNOWN', undefined, { known: taskKinds.map((k) => k.kind) });
  const current = await pausedKinds(tx);
  await setPausedKinds(tx, paused ? [...current, kind] : current.filter((k) => k !== kind));
  return pausedKinds(tx);
}
