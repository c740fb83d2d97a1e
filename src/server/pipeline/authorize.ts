import type { Static, TObject } from '@sinclair/typebox';
import { IlotError } from '../../shared/errors.js';
import type { AnyOperation } from './operation.js';
import type { Member, Principal } from '../../domain/principal.js';

/** What a permission applies to, when it depends on it (a partition). */
export interface PermissionScope {
  partitionId?: string | null;
}

/** The permission matrix seam: does this member hold `permission` in its space, for this scope? */
export interface Permissions {
  allows(member: Member, permission: string, scope?: PermissionScope): boolean;
}

/**
 * The rules until per-space matrices exist. The treasurer holds every permission. Sponsoring: a
 * delegate sponsors O accounts (and delegates) of its own partition, and A accounts; an A account
 * sponsors A accounts. Whether the space accepts A accounts at all is the space's rule, not a
 * permission.
 */
export const defaultPermissions: Permissions = {
  allows(member, permission, scope = {}) {
    if (member.roles.includes('treasurer')) return true;
    const delegate = member.roles.includes('delegate');
    const ofOwnPartition = scope.partitionId !== undefined && scope.partitionId === member.partitionId;
    switch (permission) {
      case 'sponsor.O':
      case 'sponsor.delegate':
        return delegate && ofOwnPartition;
      case 'sponsor.A':
        return delegate || member.accountKind === 'A';
      default:
        return false;
    }
  },
};

/** The authorization stage: throws unless the principal may call the operation at all. */
export function authorize(operation: AnyOperation, principal: Principal, permissions: Permissions, input: Static<TObject>): void {
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
    case 'agent':
      if (principal.kind !== 'agent') throw new IlotError('FORBIDDEN');
      return;
    case 'member':
      if (principal.kind !== 'member') throw new IlotError('FORBIDDEN');
      for (const { permission, ...scope } of access.requires?.(input) ?? []) {
        if (!permissions.allows(principal, permission, scope)) throw new IlotError('FORBIDDEN', undefined, { permission, ...scope });
      }
      return;
    case 'admin':
      if (principal.kind !== 'member' || !permissions.allows(principal, access.permission)) {
        throw new IlotError('FORBIDDEN', undefined, { permission: access.permission });
      }
  }
}
