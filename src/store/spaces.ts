import type { Selectable } from 'kysely';
import { IlotError } from '../shared/errors.js';
import type { Tx } from './database.js';
import type { SpacesTable } from './schema.js';

export type SpaceRow = Selectable<SpacesTable>;

export const firstSpaceNumber = 10;
export const lastSpaceNumber = 89;

/** A space by org code (never the site row); SPACE_NOT_FOUND otherwise. */
export async function spaceByOrgCode(tx: Tx, orgCode: string): Promise<SpaceRow> {
  const row = await tx.selectFrom('spaces').selectAll().where('org_code', '=', orgCode).where('id', '>=', firstSpaceNumber).executeTakeFirst();
  if (!row) throw new IlotError('SPACE_NOT_FOUND', `There is no space with the org code "${orgCode}".`);
  return row;
}

export async function listSpaces(tx: Tx): Promise<SpaceRow[]> {
  return tx.selectFrom('spaces').selectAll().where('id', '>=', firstSpaceNumber).orderBy('id').execute();
}

/** The lowest number the spaces leave free, or null when all are taken. Closed spaces keep theirs until purged. */
export function freeSpaceNumber(spaces: SpaceRow[]): number | null {
  const taken = new Set(spaces.map((s) => s.id));
  for (let n = firstSpaceNumber; n <= lastSpaceNumber; n++) if (!taken.has(n)) return n;
  return null;
}

export function stateOf(space: SpaceRow): 'open' | 'read-only' | 'frozen' | 'closed' {
  if (space.closed_at !== null) return 'closed';
  if (space.frozen) return 'frozen';
  if (space.read_only) return 'read-only';
  return 'open';
}

export async function accountCount(tx: Tx, spaceId: number): Promise<number> {
  const row = await tx.selectFrom('accounts').select((eb) => eb.fn.countAll<number>().as('n')).where('space_id', '=', spaceId).executeTakeFirst();
  return Number(row?.n ?? 0);
}
