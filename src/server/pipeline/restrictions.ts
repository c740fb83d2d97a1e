import { IlotError } from '../../shared/errors.js';
import { narrowedToUrgent, refusalCode, refusingRestriction, type OperationClass, type Restriction } from '../../domain/restrictions.js';
import type { SpaceState } from '../../domain/spaces.js';
import type { AnyOperation } from './operation.js';
import type { QuotaUse } from '../../domain/usage.js';

/** The class of an operation in the restriction table (domain/restrictions.ts): declared, or its effect. */
export function classOf(operation: AnyOperation): OperationClass {
  if (operation.unrestricted) return 'urgent';
  if (operation.restrictionClass) return operation.restrictionClass;
  // Effect 'none' has no transaction and never reaches this stage.
  return operation.effect === 'none' ? 'read' : operation.effect;
}

/**
 * The restriction stage: the restrictions in force (the space's, the account's partition's and the
 * account's own, automatic ones included) decide from the operation's class whether it may run.
 * Checked inside the operation's transaction so that a state change and an operation never
 * interleave. The sign-in ban is the space's and refuses everything from its date. Says whether
 * the operation runs narrowed to the urgent chats.
 */
export function checkRestrictions(
  operation: AnyOperation,
  space: SpaceState | null,
  restrictions: readonly Restriction[],
  now: number,
  use: QuotaUse | null,
): { urgentOnly: boolean } {
  if (space === null) return { urgentOnly: false };
  if (space.closed_at !== null) {
    throw new IlotError('SPACE_CLOSED', space.closing_message ?? undefined, {
      message: space.closing_message,
      newAddress: space.new_address,
    });
  }
  if (space.signin_ban_at !== null && space.signin_ban_at <= now) {
    throw new IlotError('SIGNIN_BANNED', undefined, { since: space.signin_ban_at, notification: space.notification });
  }
  const operationClass = classOf(operation);
  const refusing = refusingRestriction(operationClass, restrictions);
  if (refusing === null) return { urgentOnly: narrowedToUrgent(operationClass, restrictions) };
  const code = refusalCode(refusing);
  throw new IlotError(code, undefined, code === 'QUOTA_EXCEEDED' ? use : { level: refusing.level });
}
