import { IlotError } from '../../shared/errors.js';
import type { Tx } from '../../store/database.js';
import type { AnyOperation } from './operation.js';

/**
 * The restriction stage: the state of the space an operation acts in (the member's, or the one its
 * input names by org code) decides, from the operation's declared effect, whether it may run.
 * Checked inside the operation's transaction so that a state change and an operation never
 * interleave. Account-level restrictions (no-growth, minimal access) join here.
 */
export async function checkRestrictions(tx: Tx, operation: AnyOperation, spaceId: number | null, now: number): Promise<void> {
  if (spaceId === null) return;
  const space = await tx
    .selectFrom('spaces')
    .select(['read_only', 'frozen', 'closed_at', 'closing_message', 'new_address', 'signin_ban_at', 'notification'])
    .where('id', '=', spaceId)
    .executeTakeFirst();
  if (!space || space.closed_at !== null) {
    throw new IlotError('SPACE_CLOSED', space?.closing_message ?? undefined, { message: space?.closing_message ?? null, newAddress: space?.new_address ?? null });
  }
  if (space.signin_ban_at !== null && space.signin_ban_at <= now) {
    throw new IlotError('SIGNIN_BANNED', undefined, { since: space.signin_ban_at, notification: space.notification });
  }
  if (operation.effect === 'read' || operation.effect === 'none') return;
  if (space.frozen) throw new IlotError('SPACE_FROZEN');
  if (space.read_only) throw new IlotError('SPACE_READ_ONLY');
}

/** The space an input names by org code, or null when there is none (the operation decides what that means). */
export async function spaceNamed(tx: Tx, orgCode: string): Promise<number | null> {
  const row = await tx.selectFrom('spaces').select('id').where('org_code', '=', orgCode).executeTakeFirst();
  return row?.id ?? null;
}
