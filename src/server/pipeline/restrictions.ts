import { IlotError } from '../../shared/errors.js';
import type { SpaceState } from '../../domain/spaces.js';
import type { AnyOperation } from './operation.js';
import type { QuotaUse } from '../../domain/usage.js';

/**
 * The restriction stage: the state of the space an operation acts in decides, from the operation's
 * declared effect, whether it may run. Checked inside the operation's transaction so that a state
 * change and an operation never interleave. Account-level restrictions: no-growth (a quota
 * reached refuses operations of effect `growth`); minimal access joins here. An operation declared
 * `unrestricted` (urgent chats) passes all but closing and the sign-in ban.
 */
export function checkRestrictions(operation: AnyOperation, space: SpaceState | null, now: number, use: QuotaUse | null = null): void {
  if (space === null) return;
  if (space.closed_at !== null) {
    throw new IlotError('SPACE_CLOSED', space.closing_message ?? undefined, {
      message: space.closing_message,
      newAddress: space.new_address,
    });
  }
  if (space.signin_ban_at !== null && space.signin_ban_at <= now) {
    throw new IlotError('SIGNIN_BANNED', undefined, { since: space.signin_ban_at, notification: space.notification });
  }
  if (operation.effect === 'read' || operation.effect === 'none' || operation.effect === 'session' || operation.unrestricted) return;
  if (space.frozen) throw new IlotError('SPACE_FROZEN');
  if (space.read_only) throw new IlotError('SPACE_READ_ONLY');
  // No-growth: an account at or past a quota may do anything but add volume.
  if (operation.effect === 'growth' && use && [use.documents, use.volumeBytes].some((q) => q.quota !== null && q.used >= q.quota)) {
    throw new IlotError('QUOTA_EXCEEDED', undefined, use);
  }
}
