import { IlotError } from '../../shared/errors.js';
import type { SpaceState } from '../../store/spaces.js';
import type { AnyOperation } from './operation.js';

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
  if (operation.effect === 'read' || operation.effect === 'none' || operation.effect === 'session') return;
  if (space.frozen) throw new IlotError('SPACE_FROZEN');
  if (space.read_only) throw new IlotError('SPACE_READ_ONLY');
}
