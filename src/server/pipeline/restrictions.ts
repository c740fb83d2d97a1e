import type { Selectable } from 'kysely';
import { IlotError } from '../../shared/errors.js';
import type { Tx } from '../../store/database.js';
import type { SpacesTable } from '../../store/schema.js';
import type { AnyOperation } from './operation.js';

/** What the restriction stage and operations need of the space acted in. */
export type SpaceState = Pick<Selectable<SpacesTable>, 'id' | 'read_only' | 'frozen' | 'closed_at' | 'closing_message' | 'new_address' | 'signin_ban_at' | 'notification'>;

/** The space acted in, by id (a member's) or by the org code an input names; null when there is none. */
export async function loadSpaceState(tx: Tx, where: { id: number } | { orgCode: string }): Promise<SpaceState | null> {
  const query = tx.selectFrom('spaces').select(['id', 'read_only', 'frozen', 'closed_at', 'closing_message', 'new_address', 'signin_ban_at', 'notification']);
  const row = await ('id' in where ? query.where('id', '=', where.id) : query.where('org_code', '=', where.orgCode)).executeTakeFirst();
  return row ?? null;
}

/**
 * The restriction stage: the state of the space an operation acts in decides, from the operation's
 * declared effect, whether it may run. Checked inside the operation's transaction so that a state
 * change and an operation never interleave. Account-level restrictions (no-growth, minimal access)
 * join here.
 */
export function checkRestrictions(operation: AnyOperation, space: SpaceState | null, now: number): void {
  if (space === null) return;
  if (space.closed_at !== null) {
    throw new IlotError('SPACE_CLOSED', space.closing_message ?? undefined, { message: space.closing_message, newAddress: space.new_address });
  }
  if (space.signin_ban_at !== null && space.signin_ban_at <= now) {
    throw new IlotError('SIGNIN_BANNED', undefined, { since: space.signin_ban_at, notification: space.notification });
  }
  if (operation.effect === 'read' || operation.effect === 'none') return;
  if (space.frozen) throw new IlotError('SPACE_FROZEN');
  if (space.read_only) throw new IlotError('SPACE_READ_ONLY');
}
