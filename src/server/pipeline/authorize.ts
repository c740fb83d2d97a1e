import { IlotError } from '../../shared/errors.js';
import type { AnyOperation } from './operation.js';
import type { Principal } from './principal.js';

/** The permission matrix seam: does this member hold `permission` in its space? */
export interface Permissions {
  allows(principal: Extract<Principal, { kind: 'member' }>, permission: string): boolean;
}

// Defaults until per-space matrices exist: the treasurer holds every administrative permission.
export const treasurerOnly: Permissions = {
  allows: (principal) => principal.roles.includes('treasurer'),
};

/** The authorization stage: throws unless the principal may call the operation at all. */
export function authorize(operation: AnyOperation, principal: Principal, permissions: Permissions): void {
  const { access } = operation;
  if (access.plane === 'public') return;
  if (principal.kind === 'anonymous') throw new IlotError('AUTH_REQUIRED');
  switch (access.plane) {
    case 'operator':
      if (principal.kind !== 'operator') throw new IlotError('FORBIDDEN');
      if (principal.role === 'observer' && operation.effect !== 'read' && operation.effect !== 'none') {
        throw new IlotError('FORBIDDEN', 'Observers can consult, not change.');
      }
      return;
    case 'member':
      if (principal.kind !== 'member') throw new IlotError('FORBIDDEN');
      return;
    case 'admin':
      if (principal.kind !== 'member' || !permissions.allows(principal, access.permission)) {
        throw new IlotError('FORBIDDEN', undefined, { permission: access.permission });
      }
  }
}
