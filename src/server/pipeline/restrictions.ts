import { IlotError } from '../../shared/errors.js';
import type { Tx } from '../../store/database.js';
import type { AnyOperation } from './operation.js';
import type { Principal } from './principal.js';

/**
 * The restriction stage: the space's state decides, from the operation's declared effect, whether
 * it may run. Checked inside the operation's transaction so that a state change and an operation
 * never interleave. Account-level restrictions (no-growth, minimal access) join here.
 */
export async function checkRestrictions(tx: Tx, operation: AnyOperation, principal: Principal): Promise<void> {
  if (principal.kind !== 'member') return;
  const space = await tx
    .selectFrom('spaces')
    .select(['read_only', 'frozen', 'closed_at'])
    .where('id', '=', principal.spaceId)
    .executeTakeFirst();
  if (!space || space.closed_at !== null) throw new IlotError('SPACE_CLOSED');
  if (operation.effect === 'read') return;
  if (space.frozen) throw new IlotError('SPACE_FROZEN');
  if (space.read_only) throw new IlotError('SPACE_READ_ONLY');
}
