import type { Static, TObject } from '@sinclair/typebox';
import { IlotError } from '../../shared/errors.js';
import type { Tx } from '../../store/database.js';
import { loadMatrix, type PermissionMatrix } from '../../domain/permissions.js';
import type { Member, Principal } from '../../domain/principal.js';
import type { SpaceState } from '../../domain/spaces.js';
import type { AnyOperation, Requirement } from './operation.js';

/** Where the authorization stage finds a space's permission matrix, in the operation's transaction. */
export interface MatrixSource {
  matrixOf(tx: Tx, space: Pick<SpaceState, 'id' | 'permissions_version'>): Promise<PermissionMatrix>;
}

/**
 * Each space's matrix, kept in memory with the version it was read at. Every operation reads its
 * space's row anyway (the restriction stage), so a change made on any node, which bumps the
 * version, is seen by the very next request: only then is the matrix read again.
 */
export class CachedMatrices implements MatrixSource {
  private readonly cache = new Map<number, { version: number; matrix: PermissionMatrix }>();

  async matrixOf(tx: Tx, space: Pick<SpaceState, 'id' | 'permissions_version'>): Promise<PermissionMatrix> {
    const cached = this.cache.get(space.id);
    if (cached?.version === space.permissions_version) return cached.matrix;
    const matrix = await loadMatrix(tx, space.id);
    this.cache.set(space.id, { version: space.permissions_version, matrix });
    return matrix;
  }
}

/** The permissions an operation asks of a member for this input: its admin key, or what its input requires. */
export function requirementsOf(operation: AnyOperation, member: Member, input: Static<TObject>): Requirement[] {
  const { access } = operation;
  if (access.plane === 'admin') return [{ permission: access.permission }];
  if (access.plane === 'member') return access.requires?.(input, member) ?? [];
  return [];
}

/** The plane stage, before the transaction: throws unless the principal may call the operation at all. */
export function authorizePlane(operation: AnyOperation, principal: Principal): void {
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
    case 'admin':
      if (principal.kind !== 'member') throw new IlotError('FORBIDDEN');
  }
}

/** The permission stage, in the transaction: throws unless the space's matrix grants the member every requirement. */
export function authorizePermissions(matrix: PermissionMatrix, member: Member, requirements: Requirement[]): void {
  for (const { permission, partitionId } of requirements) {
    if (!matrix.allows(member, permission, partitionId))
      throw new IlotError('FORBIDDEN', undefined, { permission, ...(partitionId === undefined ? {} : { partitionId }) });
  }
}
